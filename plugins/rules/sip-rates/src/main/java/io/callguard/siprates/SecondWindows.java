package io.callguard.siprates;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Exact sliding one-second windows, one per key: each keeps the times of its last {@code limit} events in a ring, so
 * an event is over the limit exactly when the event {@code limit} places before it is less than one second older
 * (the limit + 1st event in some window of one second). Unlike a fixed bucket or Kamailio's pike (which blocks
 * between x and 3x), no burst straddling two buckets passes. Memory: limit longs per active key; idle keys are
 * dropped by {@link #purge}.
 */
final class SecondWindows {
    static final long WINDOW_MICROS = 1_000_000;
    private final int limit;
    private final ConcurrentHashMap<String, Ring> rings = new ConcurrentHashMap<>();

    SecondWindows(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit " + limit);
        this.limit = limit;
    }

    /** Records an event of {@code key} at {@code micros}; true when it is over the limit. */
    boolean overLimit(String key, long micros) {
        Ring ring = rings.computeIfAbsent(key, k -> new Ring(limit));
        synchronized (ring) {
            return ring.add(micros);
        }
    }

    /** Forgets keys without an event for a second before {@code micros}. */
    void purge(long micros) {
        rings.values().removeIf(r -> { synchronized (r) { return r.newest <= micros - WINDOW_MICROS; } });
    }

    int keys() { return rings.size(); }

    private static final class Ring {
        final long[] times;
        int next;
        int size;
        long newest = Long.MIN_VALUE;

        Ring(int limit) { times = new long[limit]; }

        boolean add(long micros) {
            // the capture clock may step back a little (two agents, reordering): keep the window's order by time
            long t = Math.max(micros, newest == Long.MIN_VALUE ? micros : newest);
            boolean over = size == times.length && times[next] > t - WINDOW_MICROS;
            times[next] = t;
            next = (next + 1) % times.length;
            if (size < times.length) size++;
            newest = t;
            return over;
        }
    }
}
