package io.callguard.cti.ratelimit;

import io.github.bucket4j.TimeMeter;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/** Bucket4j time from a {@link Clock} (nanoseconds since the epoch), so tests drive buckets with a MutableClock. */
public final class ClockTimeMeter implements TimeMeter {
    private final Clock clock;

    public ClockTimeMeter(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); }

    @Override public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override public boolean isWallClockBased() { return true; }
}
