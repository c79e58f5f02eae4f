package io.callguard.cti.sms;

import java.time.Duration;
import java.util.Objects;

/**
 * Delivery policy: a timeout or transport error is retried after {@code firstDelay}, doubling up to
 * {@code maxDelay}, until {@code maxAttempts} attempts were made (then FAILED "timeout"); at most
 * {@code maxInFlight} SMS are being sent at once (a backlog after a restart queues up instead of flooding the gateway).
 */
public record DispatchSettings(int maxAttempts, Duration firstDelay, Duration maxDelay, int maxInFlight) {
    public DispatchSettings {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= firstDelay <= maxDelay");
        }
        if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
    }

    public static DispatchSettings defaults() { return new DispatchSettings(5, Duration.ofSeconds(2), Duration.ofMinutes(1), 32); }

    /** Delay before the next attempt after attempt {@code attempt} (1-based) timed out. */
    public Duration delayAfter(int attempt) {
        Duration d = firstDelay;
        for (int i = 1; i < attempt && d.compareTo(maxDelay) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
