package io.callguard.core.limits;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Bounded, expiring allocations of named resources by named holders, in the manner of CGRateS resources: a cap is
 * "at most {@code limit} unexpired holders of this resource". Every cap of callguard uses this one primitive (a
 * trunk's simultaneous calls with the life of a call, an account's calls per second with a one-second life).
 *
 * <p>Implementations are thread-safe; {@link #allocate} is atomic per resource, so N concurrent requests on a
 * resource of limit L give exactly min(N, L) successes. Time is always passed in (or, for the 3-argument
 * {@link #forceAllocate(String, String, Instant)}, taken from the implementation's clock): an implementation keeps
 * no timer. An allocation counts while {@code expiresAt} is strictly after {@code now}. An implementation may be
 * remote (Redis): nothing here assumes shared memory.
 */
public interface Allocations {
    /**
     * Allocates one unit of {@code resource} to {@code holder} if fewer than {@code limit} unexpired holders hold
     * it; atomic. Expired holders of the resource may be dropped on the way. A holder that already holds the
     * resource is never counted twice: it gets {@code true} when fewer than {@code limit} OTHER holders were
     * recorded before it (its expiry then moves to the later of the two and a forced allocation becomes an ordinary
     * one, since it passed the limit), else {@code false} and its allocation is left as it was. So a call counted
     * from its channel's creation (forced) and then decided is judged by the calls that came before it, not allowed
     * for holding its own slot.
     *
     * @return true when the holder holds the resource within the limit afterwards
     * @throws IllegalArgumentException on a blank resource or holder, or {@code expiresAt} not after {@code now}
     */
    boolean allocate(String resource, String holder, int limit, Instant expiresAt, Instant now);

    /**
     * {@link #allocate} for the event loop: a remote implementation answers without blocking the calling thread
     * (the default, for in-memory ones, answers at once). Completes exceptionally when the backend failed or timed
     * out; the caller decides what that means (its failure mode), never by waiting.
     */
    default CompletionStage<Boolean> allocateAsync(String resource, String holder, int limit, Instant expiresAt, Instant now) {
        try {
            return CompletableFuture.completedFuture(allocate(resource, holder, limit, expiresAt, now));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@link #release(String, String)} without blocking the calling thread (see {@link #allocateAsync}). */
    default CompletionStage<Boolean> releaseAsync(String resource, String holder) {
        try {
            return CompletableFuture.completedFuture(release(resource, holder));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * {@link #forceAllocate(String, String, Instant, Instant)} without blocking the calling thread (an emergency
     * call counted from the event loop; see {@link #allocateAsync}).
     */
    default CompletionStage<Void> forceAllocateAsync(String resource, String holder, Instant expiresAt, Instant now) {
        try {
            forceAllocate(resource, holder, expiresAt, now);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@link #releaseHolder(String, String)} without blocking the calling thread (a hang-up heard from AMI). */
    default CompletionStage<Integer> releaseHolderAsync(String holder, String resourcePrefix) {
        try {
            return CompletableFuture.completedFuture(releaseHolder(holder, resourcePrefix));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Records {@code holder} on {@code resource} without checking any limit: it is counted, never refused (an
     * emergency call, a live call adopted after a restart). Idempotent like {@link #allocate}. The allocation time
     * is the implementation's clock.
     */
    void forceAllocate(String resource, String holder, Instant expiresAt);

    /** {@link #forceAllocate(String, String, Instant)} dated {@code now}. */
    void forceAllocate(String resource, String holder, Instant expiresAt, Instant now);

    /** Gives {@code holder}'s unit of {@code resource} back. Idempotent: true only when something was released. */
    boolean release(String resource, String holder);

    /** Releases {@code holder} from every resource it holds; returns how many it held. */
    int releaseHolder(String holder);

    /**
     * Releases {@code holder} from the resources whose name starts with {@code resourcePrefix} only (a call's
     * hang-up frees its trunk slots, not its calls-per-second entries, which must run their second out).
     */
    int releaseHolder(String holder, String resourcePrefix);

    /** Releases every holder of {@code resource} (its owner is gone: a deleted trunk); returns how many. */
    int releaseResource(String resource);

    /** Unexpired holders of {@code resource} at {@code now}. */
    int inUse(String resource, Instant now);

    /** The unexpired allocations of {@code resource} at {@code now}, oldest first. */
    List<Allocation> holders(String resource, Instant now);

    /** Drops every allocation expired at {@code now}; returns how many. */
    int expire(Instant now);

    /** Names of the resources that currently have recorded holders (some possibly expired, until {@link #expire}). */
    Set<String> resources();

    /**
     * Whether every call answers at once, in this JVM (the in-memory backend): a caller may then use the blocking
     * variants on an event loop. False for a remote backend, whose calls cost network round trips.
     */
    default boolean answersInProcess() { return false; }
}
