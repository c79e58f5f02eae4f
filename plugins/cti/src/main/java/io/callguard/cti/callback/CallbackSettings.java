package io.callguard.cti.callback;

import java.time.Duration;
import java.util.Objects;

/**
 * Retry policy of status callbacks: a delivery fails on a non-2xx status or an error and is tried again after
 * {@code firstDelay}, doubling up to {@code maxDelay}, {@code maxAttempts} times in all.
 */
public record CallbackSettings(int maxAttempts, Duration firstDelay, Duration maxDelay) {
    public CallbackSettings {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= firstDelay <= maxDelay");
        }
    }

    public static CallbackSettings defaults() { return new CallbackSettings(5, Duration.ofSeconds(2), Duration.ofMinutes(1)); }

    /** Delay before attempt {@code attempt + 1} after attempt {@code attempt} (1-based) failed. */
    public Duration delayAfter(int attempt) {
        Duration d = firstDelay;
        for (int i = 1; i < attempt && d.compareTo(maxDelay) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
