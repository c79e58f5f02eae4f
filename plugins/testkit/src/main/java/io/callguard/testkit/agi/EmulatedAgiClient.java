package io.callguard.testkit.agi;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An Asterisk-like FastAGI client: connects, sends the header block, answers every command as Asterisk 22 does,
 * writes the final {@code HANGUP} line after the server's EOF. Non-blocking and cheap per session (one shared
 * NetClient), so it can drive many sessions at once as a load generator.
 */
public final class EmulatedAgiClient {
    /** Asterisk's hard-coded FastAGI connect timeout (MAX_AGI_CONNECT). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final NetClient client;

    public EmulatedAgiClient(Vertx vertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
                .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis()));
    }

    /** One session with a caller who stays until the server closes. */
    public Future<AgiSessionResult> run(String host, int port, AgiEnvironment environment) {
        return run(host, port, environment, AgiBehaviour.normal());
    }

    /**
     * One session. Never fails: a connection that cannot be made completes with status FAILURE.
     */
    public Future<AgiSessionResult> run(String host, int port, AgiEnvironment environment, AgiBehaviour behaviour) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(behaviour, "behaviour");
        Promise<AgiSessionResult> result = Promise.promise();
        client.connect(port, host).onComplete(ar -> {
            if (ar.failed()) {
                result.tryComplete(new AgiSessionResult(AgiSessionResult.Status.FAILURE, List.of(), Map.of(), 0,
                        Duration.ZERO, String.valueOf(ar.cause())));
                return;
            }
            try {
                new EmulatedAgiSession(vertx, ar.result(), environment, behaviour, result).start();
            } catch (RuntimeException e) {
                ar.result().close();
                result.tryComplete(new AgiSessionResult(AgiSessionResult.Status.FAILURE, List.of(), Map.of(), 0,
                        Duration.ZERO, e.toString()));
            }
        });
        return result.future();
    }

    /** Closes the underlying NetClient (and any session still open). */
    public Future<Void> close() { return client.close(); }
}
