package io.callguard.core.state;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Exact sliding-window counts of events per key (an account's SMS: 1 in any second AND 10 in any minute). An event
 * is recorded only when every window of the set has room, the check and the recording in one atomic step per key,
 * so N concurrent attempts on a key with room for one give exactly one recording. Refused attempts count for
 * nothing.
 *
 * <p>Time is passed in; an implementation keeps no timer and may be remote (a Redis sorted set per key, checked and
 * written by one Lua script): nothing here assumes shared memory. State a key no longer needs (every event older
 * than the longest period used with it) is dropped, so memory stays bounded by the keys active within that period.
 */
public interface SlidingWindows {
    /**
     * Records one event of {@code key} at {@code now} if each of {@code windows} holds fewer than its limit of
     * events in {@code (now - period, now]}; atomic per key. A key should always be used with the same windows.
     *
     * @throws IllegalArgumentException on a blank key or no window
     */
    WindowCheck tryRecord(String key, List<SlidingWindow> windows, Instant now);

    /** {@link #tryRecord} without blocking the calling thread (a remote implementation's own; the default answers at once). */
    default CompletionStage<WindowCheck> tryRecordAsync(String key, List<SlidingWindow> windows, Instant now) {
        try {
            return CompletableFuture.completedFuture(tryRecord(key, windows, now));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Takes back one event of {@code key} recorded at {@code at} (the work it admitted was not done: storage failed,
     * or it was a replay); every window forgets it. True when there was one to take back.
     */
    boolean remove(String key, Instant at);

    /** Drops the keys none of whose events can count any more at {@code now}; returns how many. */
    int expire(Instant now);

    /** Keys starting with {@code prefix} that currently hold state (for tests and metrics). */
    int tracked(String prefix);
}
