package io.callguard.store;

/** An insert hit an existing id (the admin API answers 409). */
public final class DuplicateKeyException extends RuntimeException {
    public DuplicateKeyException(String message) { super(message); }
}
