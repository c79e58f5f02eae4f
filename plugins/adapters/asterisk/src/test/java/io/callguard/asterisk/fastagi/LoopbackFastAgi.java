package io.callguard.asterisk.fastagi;

import io.callguard.core.policy.DecisionEngine;
import io.callguard.testkit.agi.AgiBehaviour;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.callguard.testkit.agi.EmulatedAgiClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real FastAGI server on 127.0.0.1 (any free port) in front of a decision engine, and an Asterisk-like client to
 * ask it: what the rule modules' over-the-wire tests share (through this module's test-jar). It fails closed with
 * a 5 s deadline, far above any decision time: an ALLOW can only come from the chain, never from a fallback that
 * would bypass the rule under test.
 */
public final class LoopbackFastAgi implements AutoCloseable {
    public static final String HOST = "127.0.0.1";

    private final Vertx vertx;
    private final FastAgiServer server;
    private final EmulatedAgiClient asterisk;
    private final int port;

    private LoopbackFastAgi(Vertx vertx, FastAgiServer server, int port) {
        this.vertx = vertx;
        this.server = server;
        this.port = port;
        this.asterisk = new EmulatedAgiClient(vertx);
    }

    public static LoopbackFastAgi start(DecisionEngine engine) {
        Vertx vertx = Vertx.vertx();
        FastAgiOptions options = new FastAgiOptions(HOST, 0, Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(5), 2048, 128, FailureMode.CLOSED, true);
        FastAgiServer server = new FastAgiServer(vertx, options, engine);
        return new LoopbackFastAgi(vertx, server, await(server.start()));
    }

    public int port() { return port; }

    /** One session as Asterisk would run it; never fails (a refused connection is a FAILURE status). */
    public Future<AgiSessionResult> run(AgiEnvironment env) { return asterisk.run(HOST, port, env); }

    public Future<AgiSessionResult> run(AgiEnvironment env, AgiBehaviour behaviour) {
        return asterisk.run(HOST, port, env, behaviour);
    }

    @Override public void close() {
        await(server.stop(Duration.ZERO));
        await(vertx.close());
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
