package io.callguard.core.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link SlidingWindows} in this JVM, exact: each key keeps the instants of its last events in recording order, as
 * many as the largest limit of its windows (older ones can never decide anything). A window of limit L refuses at
 * {@code now} when the L-th most recent event is later than {@code now - period}; the wait is that event plus the
 * period, minus now. Why a log and not a token bucket: no bucket refuses the 11th event in ANY 60 s while letting an
 * idle key send its 10 at one per second (greedy refill lets the 11th through at 10 s, interval refill has fixed
 * windows that let 19 into [50 s, 110 s)).
 *
 * <p>A key's log is only read and changed inside {@link ConcurrentHashMap#compute} on that key: keys never wait for
 * each other and there is no global lock. A key whose events can no longer count is dropped by {@link #expire}, which
 * {@link #tryRecord} also runs by itself at most once per longest period seen, so memory stays bounded by the keys
 * active within about two such periods without any timer.
 */
public final class InMemorySlidingWindows implements SlidingWindows {
    private final ConcurrentHashMap<String, Log> logs = new ConcurrentHashMap<>();
    /** When {@link #tryRecord} next sweeps expired keys; null before the first event. */
    private final AtomicReference<Instant> nextSweep = new AtomicReference<>();

    /** One key's last events; only touched under the key's compute. */
    private static final class Log {
        final List<Instant> events = new ArrayList<>();
        /** The key may be dropped at this instant: its last event plus the longest period it was checked with. */
        Instant keepUntil;

        Instant roomAt(SlidingWindow w, Instant now) {
            int n = events.size();
            if (n < w.limit()) return now;
            Instant leaves = events.get(n - w.limit()).plus(w.period());
            return leaves.isAfter(now) ? leaves : now;
        }

        void touch(Instant until) {
            if (keepUntil == null || until.isAfter(keepUntil)) keepUntil = until;
        }
    }

    @Override
    public WindowCheck tryRecord(String key, List<SlidingWindow> windows, Instant now) {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("key is required");
        if (windows == null || windows.isEmpty()) throw new IllegalArgumentException("at least one window is required");
        Objects.requireNonNull(now, "now");
        int largest = 0;
        Duration longest = Duration.ZERO;
        for (SlidingWindow w : windows) {
            largest = Math.max(largest, w.limit());
            if (w.period().compareTo(longest) > 0) longest = w.period();
        }
        final int keep = largest;
        final Duration period = longest;
        WindowCheck[] out = new WindowCheck[1];
        logs.compute(key, (k, existing) -> {
            Log log = existing == null ? new Log() : existing;
            List<Instant> roomAt = new ArrayList<>(windows.size());
            boolean room = true;
            for (SlidingWindow w : windows) {
                Instant at = log.roomAt(w, now);
                roomAt.add(at);
                if (at.isAfter(now)) room = false;
            }
            if (room) {
                log.events.add(now);
                while (log.events.size() > keep) log.events.remove(0);
                log.touch(now.plus(period));
            }
            out[0] = new WindowCheck(room, now, roomAt);
            return log.events.isEmpty() ? null : log;
        });
        sweepIfDue(now, period);
        return out[0];
    }

    @Override
    public boolean remove(String key, Instant at) {
        if (key == null || at == null) return false;
        boolean[] removed = {false};
        logs.computeIfPresent(key, (k, log) -> {
            // the most recent occurrence: the event being taken back is normally the last one recorded
            int i = log.events.lastIndexOf(at);
            if (i >= 0) {
                log.events.remove(i);
                removed[0] = true;
            }
            return log.events.isEmpty() ? null : log;
        });
        return removed[0];
    }

    @Override
    public int expire(Instant now) {
        Objects.requireNonNull(now, "now");
        int[] n = {0};
        for (String key : logs.keySet()) {
            logs.computeIfPresent(key, (k, log) -> {
                if (log.keepUntil.isAfter(now)) return log;
                n[0]++;
                return null;
            });
        }
        return n[0];
    }

    @Override
    public int tracked(String prefix) {
        String p = prefix == null ? "" : prefix;
        int n = 0;
        for (String key : logs.keySet()) {
            if (key.startsWith(p)) n++;
        }
        return n;
    }

    /** One caller at a time sweeps, at most once per {@code period}; the others go on at once. */
    private void sweepIfDue(Instant now, Duration period) {
        Instant due = nextSweep.get();
        if (due == null) {
            nextSweep.compareAndSet(null, now.plus(period));
            return;
        }
        if (due.isAfter(now)) return;
        if (nextSweep.compareAndSet(due, now.plus(period))) expire(now);
    }
}
