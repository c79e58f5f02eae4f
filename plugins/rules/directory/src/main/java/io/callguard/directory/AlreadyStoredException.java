package io.callguard.directory;

/** An insert whose key (account id, trunk id, number) is already stored: the API's 409. */
public final class AlreadyStoredException extends RuntimeException {
    public AlreadyStoredException(String message, Throwable cause) { super(message, cause); }
}
