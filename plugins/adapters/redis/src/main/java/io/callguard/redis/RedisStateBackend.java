package io.callguard.redis;

import io.callguard.core.state.StateBackend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import io.vertx.redis.client.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The {@code redis} state backend: every node that uses the same Redis and namespace counts trunk channels, calls
 * per second, SMS windows, idempotency keys and credit reservations together. The four parts share one client (a
 * pool of {@link RedisStateOptions#maxPoolSize()} connections); their async methods never block, their sync methods
 * join the async with the command timeout (off the event loop only).
 */
public final class RedisStateBackend implements AutoCloseable {
    private static final RedisScript HEARTBEAT = RedisScript.load("nodes-heartbeat", "lib");

    private final RedisStateClient client;
    private final StateBackend state;

    private RedisStateBackend(RedisStateClient client, Clock clock) {
        this.client = client;
        this.state = new StateBackend(new RedisAllocations(client, clock), new RedisSlidingWindows(client),
                new RedisIdempotencyKeys(client), new RedisCreditReservations(client));
        client.preload();
    }

    /**
     * The state port on Redis, closed with {@code vertx}. Forced allocations made without a time are dated with the
     * system clock. Never waits for Redis: the scripts are loaded in the background, and an unreachable Redis shows
     * as failed operations.
     */
    public static StateBackend create(Vertx vertx, RedisStateOptions options) {
        return open(vertx, options, Clock.systemUTC()).state();
    }

    /** A backend that can be closed on its own; {@code clock} dates forced allocations made without a time. */
    public static RedisStateBackend open(Vertx vertx, RedisStateOptions options, Clock clock) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(clock, "clock");
        return new RedisStateBackend(new RedisStateClient(vertx, options), clock);
    }

    public StateBackend state() { return state; }

    /**
     * Renews {@code nodeId} in the live nodes ({@code <ns>:nodes}, a sorted set id → expiry) until {@code expiresAt},
     * drops the expired ones and returns the live ids: the membership the local fallback divides its limits by, and
     * its health probe (one script call, bounded by the command timeout; never blocks).
     */
    public CompletionStage<List<String>> heartbeat(String nodeId, Instant now, Instant expiresAt) {
        Objects.requireNonNull(nodeId, "nodeId");
        return client.eval(HEARTBEAT, nodeId, now.toEpochMilli(), expiresAt.toEpochMilli(), RedisStateClient.GRACE_MS)
                .thenApply(r -> {
                    List<String> ids = new ArrayList<>(r.size());
                    for (Response id : r) ids.add(id.toString());
                    return List.copyOf(ids);
                });
    }

    /** Closes the Redis connections; the parts fail every operation afterwards. */
    @Override
    public void close() { client.close(); }

    /** {@link #close()} as a future, for a Vert.x shutdown sequence. */
    public Future<Void> closeAsync() { return client.close(); }
}
