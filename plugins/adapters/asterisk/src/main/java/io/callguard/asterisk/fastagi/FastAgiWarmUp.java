package io.callguard.asterisk.fastagi;

import io.callguard.core.log.RateLimitedLog;
import io.callguard.core.policy.DecisionEngine;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a number of real FastAGI sessions through the session code ({@link AgiSession}: header parser, deadline,
 * command writer, reply reader) and a decision engine, over loopback TCP, before the real listener exists. A fresh
 * JVM loads and interprets that whole path on its first calls, which then take far longer than the decision
 * deadline; after this they do not. The sessions run on a listener of their own on 127.0.0.1 (any free port), with
 * their own counters and logs: the real server's statistics never see them. The caller hands in an engine whose
 * side effects (reservations, tracked calls) go nowhere that matters.
 */
public final class FastAgiWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(FastAgiWarmUp.class);
    private static final String HOST = "127.0.0.1";
    /** Generous: a cold session must be answered by the engine, not by a fallback that would skip the chain. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Sessions in flight at once: enough to load the concurrent paths, few enough for a 2-core machine. */
    private static final int PARALLEL = 4;

    /**
     * What the warm-up did.
     *
     * @param sessions sessions run
     * @param answered sessions that got at least one command (a decision)
     * @param took     wall time of the whole warm-up
     */
    public record Result(int sessions, int answered, Duration took) { }

    private FastAgiWarmUp() { }

    /**
     * Runs {@code sessions} sessions, cycling through {@code headerBlocks} (each a whole AGI header ending with
     * its empty line, as Asterisk sends it), {@value #PARALLEL} at a time. Never fails: a session that goes wrong is
     * only not counted as answered.
     *
     * @param options the real listener's options: the same command style (MSet or SET VARIABLE) and limits
     */
    public static Future<Result> run(Vertx vertx, FastAgiOptions options, DecisionEngine engine,
                                     List<String> headerBlocks, int sessions) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(engine, "engine");
        if (headerBlocks.isEmpty() || sessions <= 0) return Future.succeededFuture(new Result(0, 0, Duration.ZERO));
        long start = System.nanoTime();
        FastAgiOptions own = new FastAgiOptions(HOST, 0, TIMEOUT, TIMEOUT, TIMEOUT, options.maxLineLength(),
                options.maxHeaderLines(), options.failureMode(), options.useMSet());
        SessionSupport support = new SessionSupport(vertx, own, engine, new FastAgiCounters(),
                new RateLimitedLog(LOG, 5, 60_000), new UnknownScriptLog(LOG), s -> { });
        NetServer server = vertx.createNetServer(new NetServerOptions().setHost(HOST).setPort(0).setTcpNoDelay(true));
        server.connectHandler(socket -> {
            try {
                new AgiSession(support, socket, vertx.getOrCreateContext()).start();
            } catch (RuntimeException e) {
                LOG.debug("warm-up session could not start: {}", e.toString());
                socket.close();
            }
        });
        NetClient client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
                .setConnectTimeout((int) TIMEOUT.toMillis()));
        AtomicInteger answered = new AtomicInteger();
        List<Buffer> headers = new ArrayList<>(headerBlocks.size());
        for (String h : headerBlocks) headers.add(Buffer.buffer(h));
        return server.listen()
                .compose(bound -> waves(client, bound.actualPort(), headers, sessions, 0, answered))
                .transform(ar -> {
                    if (ar.failed()) LOG.debug("warm-up stopped early: {}", ar.cause().toString());
                    return client.close().transform(c -> server.close());
                })
                .transform(ar -> Future.succeededFuture(new Result(sessions, answered.get(),
                        Duration.ofNanos(System.nanoTime() - start))));
    }

    private static Future<Void> waves(NetClient client, int port, List<Buffer> headers, int total, int done,
                                      AtomicInteger answered) {
        if (done >= total) return Future.succeededFuture();
        int n = Math.min(PARALLEL, total - done);
        List<Future<Void>> wave = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            wave.add(session(client, port, headers.get((done + i) % headers.size()), answered));
        }
        return Future.join(wave).transform(ar -> waves(client, port, headers, total, done + n, answered));
    }

    /** One session as Asterisk runs it: the header, then {@code 200 result=0} to each command, until the close. */
    private static Future<Void> session(NetClient client, int port, Buffer header, AtomicInteger answered) {
        Promise<Void> closed = Promise.promise();
        client.connect(port, HOST).onFailure(closed::tryFail).onSuccess(socket -> {
            boolean[] decided = {false};
            RecordParser lines = RecordParser.newDelimited("\n", line -> {
                if (!decided[0]) {
                    decided[0] = true;
                    answered.incrementAndGet();
                }
                socket.write("200 result=0\n");
            });
            socket.handler(lines);
            socket.exceptionHandler(e -> socket.close());
            socket.closeHandler(v -> closed.tryComplete());
            socket.write(header);
        });
        return closed.future();
    }
}
