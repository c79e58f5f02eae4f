package io.callguard.caps;

import io.callguard.core.limits.Allocation;
import io.callguard.core.limits.Allocations;
import io.callguard.core.limits.InMemoryAllocations;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A state backend in trouble, as a remote one can be: its asynchronous calls never answer ({@link Mode#HANG}: Redis
 * unreachable, no timeout of its own) or fail at once ({@link Mode#FAIL}: connection refused); {@link Mode#OK} answers
 * from memory. Its blocking calls always answer from memory: a test fails if the decision path used them
 * ({@link #blockingCalls}).
 */
final class TroubledAllocations implements Allocations {
    enum Mode { OK, HANG, FAIL }

    private final InMemoryAllocations memory;
    volatile Mode mode;
    final AtomicInteger asyncCalls = new AtomicInteger();
    final AtomicInteger blockingCalls = new AtomicInteger();

    TroubledAllocations(Clock clock, Mode mode) {
        this.memory = new InMemoryAllocations(clock);
        this.mode = mode;
    }

    private <T> CompletionStage<T> troubled(java.util.function.Supplier<T> work) {
        asyncCalls.incrementAndGet();
        return switch (mode) {
            case OK -> CompletableFuture.completedFuture(work.get());
            case HANG -> new CompletableFuture<>();
            case FAIL -> CompletableFuture.failedFuture(new IllegalStateException("connection refused: 127.0.0.1:6379"));
        };
    }

    @Override
    public CompletionStage<Boolean> allocateAsync(String resource, String holder, int limit, Instant expiresAt, Instant now) {
        return troubled(() -> memory.allocate(resource, holder, limit, expiresAt, now));
    }

    @Override
    public CompletionStage<Boolean> releaseAsync(String resource, String holder) {
        return troubled(() -> memory.release(resource, holder));
    }

    @Override
    public CompletionStage<Void> forceAllocateAsync(String resource, String holder, Instant expiresAt, Instant now) {
        return troubled(() -> {
            memory.forceAllocate(resource, holder, expiresAt, now);
            return null;
        });
    }

    @Override
    public CompletionStage<Integer> releaseHolderAsync(String holder, String resourcePrefix) {
        return troubled(() -> memory.releaseHolder(holder, resourcePrefix));
    }

    @Override
    public boolean allocate(String resource, String holder, int limit, Instant expiresAt, Instant now) {
        blockingCalls.incrementAndGet();
        return memory.allocate(resource, holder, limit, expiresAt, now);
    }

    @Override
    public void forceAllocate(String resource, String holder, Instant expiresAt) {
        blockingCalls.incrementAndGet();
        memory.forceAllocate(resource, holder, expiresAt);
    }

    @Override
    public void forceAllocate(String resource, String holder, Instant expiresAt, Instant now) {
        blockingCalls.incrementAndGet();
        memory.forceAllocate(resource, holder, expiresAt, now);
    }

    @Override
    public boolean release(String resource, String holder) {
        blockingCalls.incrementAndGet();
        return memory.release(resource, holder);
    }

    @Override
    public int releaseHolder(String holder) {
        blockingCalls.incrementAndGet();
        return memory.releaseHolder(holder);
    }

    @Override
    public int releaseHolder(String holder, String resourcePrefix) {
        blockingCalls.incrementAndGet();
        return memory.releaseHolder(holder, resourcePrefix);
    }

    @Override public int releaseResource(String resource) { return memory.releaseResource(resource); }

    @Override public int inUse(String resource, Instant now) { return memory.inUse(resource, now); }

    @Override public List<Allocation> holders(String resource, Instant now) { return memory.holders(resource, now); }

    @Override public int expire(Instant now) { return memory.expire(now); }

    @Override public Set<String> resources() { return memory.resources(); }
}
