package io.callguard.asterisk.ami;

import io.callguard.core.calls.CallTracker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** STUB (the AMI work fills it in): keeps an AMI session up and feeds the call tracker. */
public final class AmiClient {
    public AmiClient(Vertx vertx, AmiOptions options, CallTracker tracker) { }

    /** Starts connecting in the background (retrying forever with backoff); completes at once. */
    public Future<Void> start() { throw new UnsupportedOperationException("stub"); }

    /** True while logged in and the last ping was answered. */
    public boolean connected() { throw new UnsupportedOperationException("stub"); }

    public Future<Void> stop() { throw new UnsupportedOperationException("stub"); }
}
