package io.callguard.asterisk.fastagi;

import io.callguard.core.policy.DecisionEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;

/** STUB (the FastAGI work fills it in): answers Asterisk's FastAGI sessions with decisions. */
public final class FastAgiServer {
    public FastAgiServer(Vertx vertx, FastAgiOptions options, DecisionEngine engine) { }

    /** Binds; completes with the actual port. */
    public Future<Integer> start() { throw new UnsupportedOperationException("stub"); }

    /** Stops accepting, waits up to {@code drain} for in-flight sessions, then closes the rest. */
    public Future<Void> stop(Duration drain) { throw new UnsupportedOperationException("stub"); }

    /** Sessions currently open. */
    public int activeSessions() { throw new UnsupportedOperationException("stub"); }
}
