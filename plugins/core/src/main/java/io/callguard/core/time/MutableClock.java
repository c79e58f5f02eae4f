package io.callguard.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that tests move forward by hand; production code only ever sees a {@link Clock}. */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public MutableClock(Instant start) { this(start, ZoneOffset.UTC); }

    private MutableClock(Instant start, ZoneId zone) {
        this.now = new AtomicReference<>(start);
        this.zone = zone;
    }

    public void advance(Duration by) { now.updateAndGet(t -> t.plus(by)); }

    public void set(Instant instant) { now.set(instant); }

    @Override public ZoneId getZone() { return zone; }

    @Override public Clock withZone(ZoneId zone) { return new MutableClock(now.get(), zone); }

    @Override public Instant instant() { return now.get(); }
}
