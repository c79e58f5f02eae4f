package io.callguard.http;

/**
 * A listener could not bind: its message is a configuration error naming the key and the port ({@code cti.port:
 * 127.0.0.1:8081 is already in use …}), which the app reports as such.
 */
public final class ListenerBindException extends RuntimeException {
    public ListenerBindException(String message, Throwable cause) { super(message, cause); }
}
