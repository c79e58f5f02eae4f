package io.callguard.core.state;

import java.time.Duration;
import java.util.Objects;

/**
 * "At most {@code limit} events in any {@code period}": sliding, not aligned on the calendar, so an event at
 * {@code t} counts in every window check made in {@code [t, t + period)} and no longer at {@code t + period}.
 *
 * @param name   what a refusal names, e.g. {@code 1/s} or {@code 10/min}
 * @param limit  events allowed in any window of {@code period}
 * @param period the window length
 */
public record SlidingWindow(String name, int limit, Duration period) {
    public SlidingWindow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(period, "period");
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1: " + limit);
        if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("period must be positive: " + period);
    }
}
