package io.callguard.store;

/** The database failed (unreachable, SQL error); the message never carries credentials. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) { super(message, cause); }
}
