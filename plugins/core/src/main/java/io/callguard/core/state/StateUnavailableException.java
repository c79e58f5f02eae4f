package io.callguard.core.state;

/** A state-backend call that failed or did not answer within {@code state.timeout} ({@link StateCalls}). */
public final class StateUnavailableException extends RuntimeException {
    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
