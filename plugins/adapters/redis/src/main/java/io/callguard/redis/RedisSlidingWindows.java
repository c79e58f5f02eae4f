package io.callguard.redis;

import io.callguard.core.state.SlidingWindow;
import io.callguard.core.state.SlidingWindows;
import io.callguard.core.state.WindowCheck;
import io.vertx.redis.client.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import static io.callguard.redis.RedisStateClient.GRACE_MS;
import static io.callguard.redis.RedisStateClient.failed;
import static io.callguard.redis.RedisStateClient.ms;

/**
 * {@link SlidingWindows} in Redis, exact: one sorted set per key, events scored by their time (ms), each a unique
 * member (this node's tag and a counter), so equal times never merge. One script checks every window and records,
 * so N concurrent attempts on any nodes with room for one give exactly one recording. A registry sorted set
 * key → "droppable at" lets {@link #expire} and {@link #tracked} work on the caller's clock; each key's set also has a
 * TTL of its longest period (plus a grace), so idle keys vanish without any sweep.
 */
final class RedisSlidingWindows implements SlidingWindows {
    private static final RedisScript RECORD = RedisScript.load("win-record", "lib");
    private static final RedisScript REMOVE = RedisScript.load("win-remove", "lib");
    private static final RedisScript EXPIRE = RedisScript.load("win-expire", "lib");
    private static final RedisScript TRACKED = RedisScript.load("win-tracked", "lib");

    private final RedisStateClient client;
    /** Makes this node's members unique among every node's. */
    private final String nodeTag = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();

    RedisSlidingWindows(RedisStateClient client) { this.client = client; }

    @Override
    public CompletionStage<WindowCheck> tryRecordAsync(String key, List<SlidingWindow> windows, Instant now) {
        List<Object> args = new ArrayList<>();
        try {
            if (key == null || key.isBlank()) throw new IllegalArgumentException("key is required");
            if (windows == null || windows.isEmpty()) throw new IllegalArgumentException("at least one window is required");
            Objects.requireNonNull(now, "now");
            long nowMs = ms(now);
            args.add(key);
            args.add(nowMs);
            args.add(nowMs + ":" + nodeTag + ":" + sequence.incrementAndGet());
            args.add(GRACE_MS);
            args.add(windows.size());
            for (SlidingWindow w : windows) {
                args.add(w.limit());
                args.add(Math.max(1, w.period().toMillis()));
            }
        } catch (RuntimeException e) {
            return failed(e);
        }
        return client.eval(RECORD, args.toArray()).thenApply(r -> {
            List<Instant> roomAt = new ArrayList<>(windows.size());
            for (int i = 1; i < r.size(); i++) {
                long at = r.get(i).toLong();
                // room now is "now" itself, at the caller's precision
                roomAt.add(at == ms(now) ? now : Instant.ofEpochMilli(at));
            }
            return new WindowCheck(r.get(0).toLong() == 1, now, roomAt);
        });
    }

    @Override
    public WindowCheck tryRecord(String key, List<SlidingWindow> windows, Instant now) {
        return client.await(tryRecordAsync(key, windows, now));
    }

    @Override
    public boolean remove(String key, Instant at) {
        if (key == null || at == null) return false;
        return client.await(client.eval(REMOVE, key, ms(at)).thenApply(r -> r.toLong() == 1));
    }

    @Override
    public int expire(Instant now) {
        Objects.requireNonNull(now, "now");
        return client.await(client.eval(EXPIRE, ms(now)).thenApply(Response::toInteger));
    }

    @Override
    public int tracked(String prefix) {
        return client.await(client.eval(TRACKED, prefix == null ? "" : prefix).thenApply(Response::toInteger));
    }
}
