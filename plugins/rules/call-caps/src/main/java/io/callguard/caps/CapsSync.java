package io.callguard.caps;

import io.callguard.core.calls.LiveCallsSync;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Whether the trunk reservations reflect Asterisk yet. Right after a start callguard knows none of the calls
 * already up; only the first AMI resynchronisation ({@code CoreShowChannels}, applied by {@link CapReconciler})
 * tells them. Until then a cap decision cannot be exact, so {@link ChannelCapPolicy} holds it (asynchronously)
 * for at most {@link #hold()} and, if the resynchronisation has not landed by then, fails it: the FastAGI adapter
 * then answers its failure verdict ({@code fastagi.failureMode}; an emergency call is always allowed). A cap decision
 * is never taken silently on an empty picture.
 *
 * <p>Only the first resynchronisation after the start gates decisions: after an AMI reconnection the reservations
 * made meanwhile still count, and the next resynchronisation adopts what AMI missed. Without AMI there is nothing
 * to wait for: {@link #synced()}.
 */
public final class CapsSync implements LiveCallsSync {
    private final Duration hold;
    private volatile boolean synced;
    private final Set<CompletableFuture<Boolean>> waiting = ConcurrentHashMap.newKeySet();

    private CapsSync(boolean synced, Duration hold) {
        this.synced = synced;
        this.hold = Objects.requireNonNull(hold, "hold");
        if (hold.isNegative()) throw new IllegalArgumentException("hold must not be negative: " + hold);
    }

    /** Nothing to wait for (AMI disabled, or tests of the policy alone). */
    public static CapsSync synced() { return new CapsSync(true, Duration.ZERO); }

    /** Decisions wait up to {@code hold} for the first resynchronisation ({@link #markSynced()}). */
    public static CapsSync untilFirstResync(Duration hold) { return new CapsSync(false, hold); }

    /** True once the first resynchronisation after the start was applied to the reservations. */
    @Override
    public boolean isSynced() { return synced; }

    /** The longest a decision waits for the first resynchronisation. */
    public Duration hold() { return hold; }

    /** Decisions waiting now (for tests and logs). */
    public int waiting() { return waiting.size(); }

    /**
     * Completes with true as soon as the first resynchronisation is applied (at once if it was), with false once
     * {@link #hold()} has passed without it. Never blocks; the completion runs on the thread that marks the sync
     * (the AMI client's) or on the JDK's timeout thread.
     */
    public CompletionStage<Boolean> awaitSynced() {
        if (synced) return CompletableFuture.completedFuture(true);
        Duration hold = this.hold;
        if (hold.isZero()) return CompletableFuture.completedFuture(false);
        CompletableFuture<Boolean> waiter = new CompletableFuture<>();
        waiting.add(waiter);
        // marked between the first test and the add: the marking may have missed this waiter
        if (synced) waiter.complete(true);
        waiter.completeOnTimeout(false, hold.toNanos(), TimeUnit.NANOSECONDS);
        // the caller's stage completes only once the waiter is off the list: waiting() never counts a decided call
        return waiter.whenComplete((ok, err) -> waiting.remove(waiter));
    }

    /** The first resynchronisation has been applied: releases the waiting decisions. Idempotent. */
    public void markSynced() {
        synced = true;
        for (CompletableFuture<Boolean> w : waiting) w.complete(true);
    }
}
