package io.callguard.cti.sms;

import java.time.Duration;
import java.util.Objects;

/**
 * "At most {@code limit} SMS in any {@code period}" (sliding, not calendar-aligned).
 *
 * @param name   what a refusal names, e.g. {@code 1/s} or {@code 10/min}
 * @param limit  SMS allowed in any window of {@code period}
 * @param period the window length
 */
public record RateWindow(String name, int limit, Duration period) {
    public static final RateWindow PER_SECOND = new RateWindow("1/s", 1, Duration.ofSeconds(1));
    public static final RateWindow PER_MINUTE = new RateWindow("10/min", 10, Duration.ofMinutes(1));

    public RateWindow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(period, "period");
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1: " + limit);
        if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("period must be positive: " + period);
    }
}
