package io.callguard.redis;

import io.callguard.core.limits.Allocation;
import io.callguard.core.limits.Allocations;
import io.vertx.redis.client.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import static io.callguard.redis.RedisStateClient.GRACE_MS;
import static io.callguard.redis.RedisStateClient.failed;
import static io.callguard.redis.RedisStateClient.ms;

/**
 * {@link Allocations} in Redis. Per resource: a sorted set holder → expiry (ms), a sorted set holder → arrival order
 * (what "recorded before it" counts for a holder already there) and a hash holder → "allocatedAt:forced"; per holder
 * a set of its resources (for {@link #releaseHolder}); one set of resource names. Each operation is one script, so
 * every node's allocations of a resource are serialised by Redis: N concurrent allocations on a limit L give exactly
 * min(N, L) grants. Times are the caller's, at millisecond resolution.
 */
final class RedisAllocations implements Allocations {
    private static final RedisScript ALLOCATE = RedisScript.load("alloc-allocate", "lib");
    private static final RedisScript RELEASE = RedisScript.load("alloc-release", "lib");
    private static final RedisScript RELEASE_HOLDER = RedisScript.load("alloc-release-holder", "lib");
    private static final RedisScript RELEASE_RESOURCE = RedisScript.load("alloc-release-resource", "lib");
    private static final RedisScript HOLDERS = RedisScript.load("alloc-holders", "lib");
    private static final RedisScript EXPIRE = RedisScript.load("alloc-expire", "lib");
    private static final RedisScript RESOURCES = RedisScript.load("alloc-resources", "lib");

    private final RedisStateClient client;
    private final Clock clock;

    RedisAllocations(RedisStateClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Boolean> allocateAsync(String resource, String holder, int limit, Instant expiresAt, Instant now) {
        try {
            check(resource, holder, expiresAt);
            Objects.requireNonNull(now, "now");
            if (!expiresAt.isAfter(now)) throw new IllegalArgumentException("expiresAt " + expiresAt + " is not after now " + now);
        } catch (RuntimeException e) {
            return failed(e);
        }
        return client.eval(ALLOCATE, resource, holder, limit, ms(expiresAt), ms(now), "allocate", GRACE_MS)
                .thenApply(r -> r.toLong() == 1);
    }

    @Override
    public boolean allocate(String resource, String holder, int limit, Instant expiresAt, Instant now) {
        return client.await(allocateAsync(resource, holder, limit, expiresAt, now));
    }

    @Override
    public void forceAllocate(String resource, String holder, Instant expiresAt) {
        forceAllocate(resource, holder, expiresAt, clock.instant());
    }

    @Override
    public void forceAllocate(String resource, String holder, Instant expiresAt, Instant now) {
        client.await(forceAllocateAsync(resource, holder, expiresAt, now));
    }

    @Override
    public CompletionStage<Void> forceAllocateAsync(String resource, String holder, Instant expiresAt, Instant now) {
        try {
            check(resource, holder, expiresAt);
            Objects.requireNonNull(now, "now");
        } catch (RuntimeException e) {
            return failed(e);
        }
        return client.eval(ALLOCATE, resource, holder, 0, ms(expiresAt), ms(now), "force", GRACE_MS).thenApply(r -> null);
    }

    @Override
    public CompletionStage<Boolean> releaseAsync(String resource, String holder) {
        if (resource == null || holder == null) return java.util.concurrent.CompletableFuture.completedFuture(false);
        return client.eval(RELEASE, resource, holder).thenApply(r -> r.toLong() == 1);
    }

    @Override
    public boolean release(String resource, String holder) { return client.await(releaseAsync(resource, holder)); }

    @Override
    public int releaseHolder(String holder) { return releaseHolder(holder, ""); }

    @Override
    public int releaseHolder(String holder, String resourcePrefix) {
        return client.await(releaseHolderAsync(holder, resourcePrefix));
    }

    @Override
    public CompletionStage<Integer> releaseHolderAsync(String holder, String resourcePrefix) {
        if (holder == null) return java.util.concurrent.CompletableFuture.completedFuture(0);
        return client.eval(RELEASE_HOLDER, holder, resourcePrefix == null ? "" : resourcePrefix).thenApply(r -> r.toInteger());
    }

    @Override
    public int releaseResource(String resource) {
        if (resource == null) return 0;
        return client.await(client.eval(RELEASE_RESOURCE, resource).thenApply(Response::toInteger));
    }

    @Override
    public int inUse(String resource, Instant now) { return holders(resource, now).size(); }

    @Override
    public List<Allocation> holders(String resource, Instant now) {
        if (resource == null) return List.of();
        Objects.requireNonNull(now, "now");
        return client.await(client.eval(HOLDERS, resource, ms(now)).thenApply(r -> {
            List<Allocation> out = new ArrayList<>(r.size() / 3);
            for (int i = 0; i + 2 < r.size(); i += 3) {
                String holder = r.get(i).toString();
                Instant expiresAt = Instant.ofEpochMilli(Long.parseLong(r.get(i + 1).toString()));
                String info = r.get(i + 2).toString();
                int sep = info.indexOf(':');
                Instant allocatedAt = Instant.ofEpochMilli(Long.parseLong(info.substring(0, sep)));
                out.add(new Allocation(resource, holder, allocatedAt, expiresAt, info.endsWith(":1")));
            }
            return out;
        }));
    }

    @Override
    public int expire(Instant now) {
        Objects.requireNonNull(now, "now");
        return client.await(client.eval(EXPIRE, ms(now)).thenApply(Response::toInteger));
    }

    @Override
    public Set<String> resources() {
        return client.await(client.eval(RESOURCES).thenApply(r -> {
            Set<String> out = new HashSet<>();
            for (Response name : r) out.add(name.toString());
            return Set.copyOf(out);
        }));
    }

    private static void check(String resource, String holder, Instant expiresAt) {
        if (resource == null || resource.isBlank()) throw new IllegalArgumentException("resource is required");
        if (holder == null || holder.isBlank()) throw new IllegalArgumentException("holder is required");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
