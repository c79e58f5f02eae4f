package io.callguard.server;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A clock truncated to the millisecond, for what the store persists (suspensions, the audit trail): the database
 * keeps milliseconds, so a suspension held in memory equals the one read back after a restart.
 */
final class MillisecondClock extends Clock {
    private final Clock base;

    MillisecondClock(Clock base) { this.base = Objects.requireNonNull(base, "base"); }

    @Override public ZoneId getZone() { return base.getZone(); }

    @Override public Clock withZone(ZoneId zone) { return new MillisecondClock(base.withZone(zone)); }

    @Override public Instant instant() { return base.instant().truncatedTo(ChronoUnit.MILLIS); }
}
