package io.callguard.suspension;

/** Where a suspension stands at a given instant. */
public enum SuspensionStatus {
    /** Not started yet (start in the future): lines work normally, it can still be cancelled. */
    SCHEDULED,
    /** In force: outbound calls other than to emergency numbers are refused. */
    ACTIVE,
    /** Ended after it had started. */
    LIFTED,
    /** Ended before it started. */
    CANCELLED
}
