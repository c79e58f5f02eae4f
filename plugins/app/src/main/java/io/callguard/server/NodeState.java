package io.callguard.server;

import io.callguard.core.config.ConfigView;
import io.callguard.core.limits.NodeScopedAllocations;
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
import java.util.Map;
import java.util.Optional;

/**
 * The state backend this node counts in ({@code state.backend}, docs/state.md): this JVM's memory ({@code local}), or
 * Redis shared with the other nodes, seen through this node's node-scoped views (its call holders under its node id)
 * with a lease on each trunk slot ({@code state.leaseTime}).
 *
 * @param state  what the rules use
 * @param shared the Redis connection to close on stop, null with the local backend
 * @param lease  the shared backend's lease of a trunk slot, null with the local backend (a slot lives as its call)
 */
record NodeState(StateBackend state, RedisStateBackend shared, StateLease lease) {
    private static final Logger LOG = LoggerFactory.getLogger(NodeState.class);

    /** Opens the configured backend; never waits for Redis (a node starts, and answers, while Redis is down). */
    static NodeState open(Vertx vertx, ConfigView settings, String nodeId, Clock clock) {
        Optional<RedisStateOptions> redis = RedisStateOptions.from(settings);
        if (redis.isEmpty()) return new NodeState(StateBackend.inMemory(clock), null, null);
        RedisStateBackend shared = RedisStateBackend.open(vertx, redis.get(), clock);
        LOG.info("state backend: redis {} namespace {} (node {})", redis.get().redactedUrl(), redis.get().namespace(), nodeId);
        return new NodeState(nodeScoped(shared.state(), nodeId), shared, new StateLease(RedisStateOptions.leaseTime(settings)));
    }

    /**
     * The shared backend as this node uses it: its call holders under its node id (equal uniqueids of two Asterisk
     * servers never share a slot; a node reconciles only its own calls), the windows and keys as they are (per account).
     */
    static StateBackend nodeScoped(StateBackend shared, String nodeId) {
        return new StateBackend(new NodeScopedAllocations(shared.allocations(), nodeId), shared.slidingWindows(),
                shared.idempotencyKeys(), new NodeScopedCreditReservations(shared.creditReservations(), nodeId));
    }

    /** Adds the lease to {@code services} when there is one (the call caps renew their slots on it). */
    void offerLease(Map<Class<?>, Object> services) {
        if (lease != null) services.put(StateLease.class, lease);
    }

    Future<Void> close() { return shared == null ? Future.succeededFuture() : shared.closeAsync(); }
}
