package io.callguard.store;

/**
 * A write named an account or trunk that does not exist, or a trunk of another account (the admin API answers
 * 404/422). The message names the missing reference, e.g. {@code account 'x' does not exist}.
 */
public final class UnknownReferenceException extends RuntimeException {
    public UnknownReferenceException(String message) { super(message); }
}
