package io.callguard.redis;

import io.callguard.core.state.IdempotencyKeys;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import static io.callguard.redis.RedisStateClient.GRACE_MS;
import static io.callguard.redis.RedisStateClient.failed;
import static io.callguard.redis.RedisStateClient.ms;

/**
 * {@link IdempotencyKeys} in Redis: a string per key holding "expiresAtMs:value", written only when no live entry is
 * there (liveness judged on the caller's clock, like {@code SET NX PXAT} but with {@code now} passed in), with a PX
 * of its remaining life plus a grace so Redis drops it by itself. A registry sorted set key → expiry serves
 * {@link #expire} and a bounded sweep on each put.
 */
final class RedisIdempotencyKeys implements IdempotencyKeys {
    private static final RedisScript PUT = RedisScript.load("idem-put", "lib");
    private static final RedisScript REMOVE = RedisScript.load("idem-remove", "lib");
    private static final RedisScript EXPIRE = RedisScript.load("idem-expire", "lib");

    private final RedisStateClient client;

    RedisIdempotencyKeys(RedisStateClient client) { this.client = client; }

    @Override
    public CompletionStage<Optional<String>> putIfAbsentAsync(String key, String value, Instant expiresAt, Instant now) {
        try {
            if (key == null || key.isBlank()) throw new IllegalArgumentException("key is required");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(now, "now");
            if (!expiresAt.isAfter(now)) throw new IllegalArgumentException("expiresAt " + expiresAt + " is not after now " + now);
            if (ms(expiresAt) <= ms(now)) throw new IllegalArgumentException("expiresAt must be at least 1 ms after now");
        } catch (RuntimeException e) {
            return failed(e);
        }
        return client.eval(PUT, key, value, ms(expiresAt), ms(now), GRACE_MS)
                .thenApply(r -> r.get(0).toLong() == 0 ? Optional.empty() : Optional.of(r.get(1).toString()));
    }

    @Override
    public Optional<String> putIfAbsent(String key, String value, Instant expiresAt, Instant now) {
        return client.await(putIfAbsentAsync(key, value, expiresAt, now));
    }

    @Override
    public Optional<String> get(String key, Instant now) {
        if (key == null) return Optional.empty();
        Objects.requireNonNull(now, "now");
        Response r = client.await(client.send(Command.GET, client.namespace() + ":idem:" + key));
        if (r == null) return Optional.empty();
        String stored = r.toString();
        int sep = stored.indexOf(':');
        return Long.parseLong(stored.substring(0, sep)) > ms(now) ? Optional.of(stored.substring(sep + 1)) : Optional.empty();
    }

    @Override
    public boolean remove(String key) {
        if (key == null) return false;
        return client.await(client.eval(REMOVE, key).thenApply(r -> r.toLong() == 1));
    }

    @Override
    public int expire(Instant now) {
        Objects.requireNonNull(now, "now");
        return client.await(client.eval(EXPIRE, ms(now)).thenApply(Response::toInteger));
    }
}
