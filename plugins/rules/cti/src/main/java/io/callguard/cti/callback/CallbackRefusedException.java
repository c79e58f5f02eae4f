package io.callguard.cti.callback;

/**
 * A callback URL callguard will not connect to: its host resolves to a loopback or private address
 * ({@link CallbackAddresses}). Not retried: the answer would be the same. (A host that does not resolve is an
 * ordinary, retried failure: DNS may be down for a moment.) The message names the host, never the body.
 */
public final class CallbackRefusedException extends RuntimeException {
    public CallbackRefusedException(String message) {
        super(message, null, false, false);
    }
}
