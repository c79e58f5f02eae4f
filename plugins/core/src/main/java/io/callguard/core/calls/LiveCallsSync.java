package io.callguard.core.calls;

/**
 * Whether a rule's picture of the live calls includes the calls already up when callguard started. Until the first
 * resynchronisation with the platform is applied it does not, and decisions depending on it cannot be exact: the
 * readiness probe reports callguard not ready meanwhile.
 */
@FunctionalInterface
public interface LiveCallsSync {
    /** True once the first resynchronisation after the start was applied. */
    boolean isSynced();
}
