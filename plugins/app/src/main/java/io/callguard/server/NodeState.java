package io.callguard.server;

import io.callguard.core.config.ConfigView;
import io.callguard.core.limits.NodeScopedAllocations;
import io.callguard.core.state.FallbackState;
import io.callguard.core.state.NodeScopedCreditReservations;
import io.callguard.core.state.StateBackend;
import io.callguard.core.state.StateLease;
import io.callguard.redis.RedisStateBackend;
import io.callguard.redis.RedisStateOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The state backend this node counts in ({@code state.backend}, docs/state.md): this JVM's memory ({@code local}), or
 * Redis shared with the other nodes, seen through this node's node-scoped views (its call holders under its node id)
 * with a lease on each trunk slot ({@code state.leaseTime}). With Redis, a {@link FallbackState} keeps this node in
 * the live nodes (a heartbeat every {@code state.redis.probeInterval}, on a Vert.x timer, never blocking) and, with
 * {@code state.redis.fallback: local}, counts this node's share locally while Redis is unreachable.
 */
final class NodeState {
    private static final Logger LOG = LoggerFactory.getLogger(NodeState.class);

    private final Vertx vertx;
    private final StateBackend state;
    private final RedisStateBackend shared;
    private final StateLease lease;
    private final FallbackState fallback;
    private final Duration probeInterval;
    private volatile long probeTimer = -1;

    private NodeState(Vertx vertx, StateBackend state, RedisStateBackend shared, StateLease lease, FallbackState fallback,
                      Duration probeInterval) {
        this.vertx = vertx;
        this.state = state;
        this.shared = shared;
        this.lease = lease;
        this.fallback = fallback;
        this.probeInterval = probeInterval;
    }

    /**
     * Opens the configured backend; never waits for Redis (a node starts, and answers, while Redis is down).
     *
     * @param stateTimeout {@code state.timeout}: with the local fallback, a Redis call must fail before it
     */
    static NodeState open(Vertx vertx, ConfigView settings, String nodeId, Clock clock, Duration stateTimeout) {
        Optional<RedisStateOptions> redis = RedisStateOptions.from(settings);
        if (redis.isEmpty()) return new NodeState(vertx, StateBackend.inMemory(clock), null, null, null, null);
        RedisStateBackend shared = RedisStateBackend.open(vertx, redis.get(), clock);
        StateLease lease = new StateLease(RedisStateOptions.leaseTime(settings));
        boolean local = RedisStateOptions.localFallback(settings, stateTimeout);
        // a node counts among the live nodes as long as its trunk slots would count without renewal: one lease
        FallbackState fallback = new FallbackState(shared.state().allocations(), shared.state().slidingWindows(), local,
                now -> shared.heartbeat(nodeId, now, now.plus(lease.time())), nodeId, clock);
        StateBackend below = new StateBackend(fallback.allocations(), fallback.slidingWindows(),
                shared.state().idempotencyKeys(), shared.state().creditReservations());
        LOG.info("state backend: redis {} namespace {} (node {}), fallback while Redis is down: {}",
                redis.get().redactedUrl(), redis.get().namespace(), nodeId,
                local ? "local (this node's share of each limit)" : "none (the policies' onStateFailure)");
        return new NodeState(vertx, nodeScoped(below, nodeId), shared, lease, fallback,
                RedisStateOptions.probeInterval(settings));
    }

    /**
     * The shared backend as this node uses it: its call holders under its node id (equal uniqueids of two Asterisk
     * servers never share a slot; a node reconciles only its own calls), the windows and keys as they are (per account).
     */
    static StateBackend nodeScoped(StateBackend shared, String nodeId) {
        return new StateBackend(new NodeScopedAllocations(shared.allocations(), nodeId), shared.slidingWindows(),
                shared.idempotencyKeys(), new NodeScopedCreditReservations(shared.creditReservations(), nodeId));
    }

    /** What the rules use. */
    StateBackend state() { return state; }

    /** Adds the lease to {@code services} when there is one (the call caps renew their slots on it). */
    void offerLease(Map<Class<?>, Object> services) {
        if (lease != null) services.put(StateLease.class, lease);
    }

    /**
     * Starts the heartbeat (and probe) with Redis: one at once, then every {@code state.redis.probeInterval}. Each
     * is one script call bounded by the command timeout, not awaited on the event loop.
     */
    void startProbe() {
        if (fallback == null) return;
        fallback.probe();
        probeTimer = vertx.setPeriodic(probeInterval.toMillis(), id -> fallback.probe());
    }

    /** {@code LOCAL}, or with Redis {@code REDIS}, {@code LOCAL_FALLBACK} or {@code REDIS_DOWN} ({@link FallbackState#status}). */
    String status() { return fallback == null ? "LOCAL" : fallback.status(); }

    Future<Void> close() {
        long timer = probeTimer;
        if (timer >= 0) vertx.cancelTimer(timer);
        if (fallback != null) fallback.close();
        return shared == null ? Future.succeededFuture() : shared.closeAsync();
    }
}
