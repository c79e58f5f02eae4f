package io.callguard.core.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link IdempotencyKeys} in this JVM: a {@link ConcurrentHashMap} whose {@code compute} on a key makes
 * put-if-absent atomic per key. Expired entries are dropped by {@link #expire}, which {@link #putIfAbsent} also runs
 * by itself at most once per sweep interval, so memory stays bounded by the live keys without any timer.
 */
public final class InMemoryIdempotencyKeys implements IdempotencyKeys {
    private static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);

    private record Entry(String value, Instant expiresAt) {
        boolean liveAt(Instant now) { return expiresAt.isAfter(now); }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration sweepInterval;
    private final AtomicReference<Instant> nextSweep = new AtomicReference<>();

    /** Sweeps expired entries at most once a minute. */
    public InMemoryIdempotencyKeys() { this(DEFAULT_SWEEP_INTERVAL); }

    public InMemoryIdempotencyKeys(Duration sweepInterval) {
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("sweepInterval must be positive: " + sweepInterval);
        }
        this.sweepInterval = sweepInterval;
    }

    @Override
    public Optional<String> putIfAbsent(String key, String value, Instant expiresAt, Instant now) {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("key is required");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(now, "now");
        if (!expiresAt.isAfter(now)) throw new IllegalArgumentException("expiresAt " + expiresAt + " is not after now " + now);
        String[] held = {null};
        entries.compute(key, (k, e) -> {
            if (e != null && e.liveAt(now)) {
                held[0] = e.value();
                return e;
            }
            return new Entry(value, expiresAt);
        });
        sweepIfDue(now);
        return Optional.ofNullable(held[0]);
    }

    @Override
    public Optional<String> get(String key, Instant now) {
        if (key == null) return Optional.empty();
        Objects.requireNonNull(now, "now");
        Entry e = entries.get(key);
        return e != null && e.liveAt(now) ? Optional.of(e.value()) : Optional.empty();
    }

    @Override
    public boolean remove(String key) { return key != null && entries.remove(key) != null; }

    @Override
    public int expire(Instant now) {
        Objects.requireNonNull(now, "now");
        int[] n = {0};
        for (String key : entries.keySet()) {
            entries.computeIfPresent(key, (k, e) -> {
                if (e.liveAt(now)) return e;
                n[0]++;
                return null;
            });
        }
        return n[0];
    }

    /** Entries held, expired ones included until swept (for tests: memory must not grow). */
    public int size() { return entries.size(); }

    private void sweepIfDue(Instant now) {
        Instant due = nextSweep.get();
        if (due == null) {
            nextSweep.compareAndSet(null, now.plus(sweepInterval));
            return;
        }
        if (due.isAfter(now)) return;
        if (nextSweep.compareAndSet(due, now.plus(sweepInterval))) expire(now);
    }
}
