package io.callguard.cti;

import java.time.Duration;
import java.util.Objects;

/**
 * How a failed delivery is tried again: after {@code firstDelay}, doubling up to {@code maxDelay}, {@code maxAttempts}
 * attempts in all. Shared by the SMS dispatcher and the status callbacks, so both back off alike.
 *
 * @param maxAttempts attempts in all, at least 1
 * @param firstDelay  delay before the second attempt, not negative
 * @param maxDelay    longest delay between two attempts, at least {@code firstDelay}
 */
public record RetryBackoff(int maxAttempts, Duration firstDelay, Duration maxDelay) {
    public RetryBackoff {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= firstDelay <= maxDelay");
        }
    }

    /** R8's deliveries: 5 attempts, 2 s then doubling up to 1 min. */
    public static RetryBackoff defaults() { return new RetryBackoff(5, Duration.ofSeconds(2), Duration.ofMinutes(1)); }

    /** Delay before attempt {@code attempt + 1} after attempt {@code attempt} (1-based) failed. */
    public Duration delayAfter(int attempt) {
        Duration d = firstDelay;
        for (int i = 1; i < attempt && d.compareTo(maxDelay) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
