package io.callguard.asterisk.fastagi;

import io.callguard.core.log.RateLimitedLog;
import io.callguard.core.metrics.Meters;
import io.micrometer.core.instrument.MeterRegistry;
import io.callguard.core.policy.DecisionEngine;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Answers Asterisk's FastAGI sessions with decisions: a Vert.x NetServer, no thread per call; each connection is
 * an {@link AgiSession} state machine on its event loop. One bad peer only ever closes its own session.
 */
public final class FastAgiServer {
    private static final Logger LOG = LoggerFactory.getLogger(FastAgiServer.class);

    private final Vertx vertx;
    private final FastAgiOptions options;
    private final FastAgiCounters counters = new FastAgiCounters();
    private final Set<AgiSession> sessions = ConcurrentHashMap.newKeySet();
    private final RateLimitedLog refusalLog = new RateLimitedLog(LOG, 1, 10_000);
    private final SessionSupport support;
    private volatile NetServer server;
    private volatile Promise<Void> allClosed;
    private volatile boolean listenerClosed;

    public FastAgiServer(Vertx vertx, FastAgiOptions options, DecisionEngine engine) {
        this(vertx, options, engine, AgiAttribution.SINGLE, Meters.none());
    }

    /**
     * @param attribution which Asterisk server each session comes from, when the node watches several
     * @param registry    where the answers, their latency and the sessions are counted (docs/metrics.md)
     */
    public FastAgiServer(Vertx vertx, FastAgiOptions options, DecisionEngine engine, AgiAttribution attribution,
                         MeterRegistry registry) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = Objects.requireNonNull(options, "options");
        FastAgiMetrics metrics = new FastAgiMetrics(Objects.requireNonNull(registry, "registry"));
        metrics.bind(counters, refusalLog::total);
        this.support = new SessionSupport(vertx, options, Objects.requireNonNull(engine, "engine"), counters,
                new RateLimitedLog(LOG, 20, 10_000), new UnknownScriptLog(LOG), this::onSessionClosed,
                Objects.requireNonNull(attribution, "attribution"), metrics);
    }

    /** Binds; completes with the actual port. */
    public Future<Integer> start() {
        if (server != null) return Future.failedFuture(new IllegalStateException("already started"));
        allClosed = null;
        listenerClosed = false;
        NetServer s = vertx.createNetServer(new NetServerOptions().setHost(options.host()).setPort(options.port())
                .setTcpNoDelay(true));
        s.connectHandler(this::onConnect);
        s.exceptionHandler(e -> LOG.debug("FastAGI server: connection-level error: {}", e.toString()));
        server = s;
        return s.listen().map(bound -> {
            LOG.info("FastAGI listening on {}:{}", options.host(), bound.actualPort());
            return bound.actualPort();
        }).onFailure(e -> server = null);
    }

    /** Stops accepting, waits up to {@code drain} for in-flight sessions, then closes the rest. */
    public Future<Void> stop(Duration drain) {
        NetServer s = server;
        if (s == null) return Future.succeededFuture();
        server = null;
        Promise<Void> done = Promise.promise();
        allClosed = done;
        // one line that sums up the run, deadline answers included (a warm-up's sessions are never in it)
        done.future().onComplete(v -> LOG.info("FastAGI stopped: {}", counters.snapshot()));
        // shutdown(drain) closes the listening socket at once and waits for open connections up to drain.
        s.shutdown(Math.max(0, drain.toMillis()), TimeUnit.MILLISECONDS).onComplete(ar -> {
            if (ar.failed()) LOG.debug("FastAGI server: shutdown: {}", ar.cause().toString());
            listenerClosed = true;
            for (AgiSession session : sessions) session.closeFromOutside();
            completeIfIdle();
        });
        return done.future();
    }

    /** Sessions currently open. */
    public int activeSessions() { return counters.active.get(); }

    /** Connections closed at once since start because {@code maxConnections} sessions were open. */
    public long refusedConnections() { return refusalLog.total(); }

    /** Counters since start. */
    public FastAgiStats stats() { return counters.snapshot(); }

    private void onConnect(NetSocket socket) {
        if (counters.active.get() >= options.maxConnections()) {
            // Closed before a byte is read: the descriptor comes back at once. Asterisk takes its failure branch.
            refusalLog.warn("FastAGI: {} sessions open (fastagi.maxConnections): connection from {} refused, {} so far",
                    options.maxConnections(), socket.remoteAddress(), refusalLog.total() + 1);
            socket.close();
            return;
        }
        counters.opened.increment();
        AgiSession session = null;
        try {
            session = new AgiSession(support, socket, vertx.getOrCreateContext());
            sessions.add(session);
            counters.active.incrementAndGet();
            session.start();
        } catch (RuntimeException e) {
            LOG.warn("FastAGI {}: could not start a session", socket.remoteAddress(), e);
            if (session != null && sessions.remove(session)) counters.active.decrementAndGet();
            socket.close();
        }
    }

    private void onSessionClosed(AgiSession session) {
        if (sessions.remove(session)) counters.active.decrementAndGet();
        completeIfIdle();
    }

    private void completeIfIdle() {
        Promise<Void> done = allClosed;
        if (done != null && listenerClosed && sessions.isEmpty()) done.tryComplete();
    }
}
