package io.callguard.cti.sms;

import io.callguard.cti.RetryBackoff;

import java.time.Duration;
import java.util.Objects;

/**
 * Delivery policy: a timeout or transport error is retried as {@code retry} says, until its attempts are spent (then
 * FAILED "timeout"); at most {@code maxInFlight} SMS are being sent at once (a backlog after a restart queues up
 * instead of flooding the gateway).
 */
public record DispatchSettings(RetryBackoff retry, int maxInFlight) {
    public static final int DEFAULT_MAX_IN_FLIGHT = 32;

    public DispatchSettings {
        Objects.requireNonNull(retry, "retry");
        if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
    }

    public DispatchSettings(int maxAttempts, Duration firstDelay, Duration maxDelay, int maxInFlight) {
        this(new RetryBackoff(maxAttempts, firstDelay, maxDelay), maxInFlight);
    }

    public static DispatchSettings defaults() { return new DispatchSettings(RetryBackoff.defaults(), DEFAULT_MAX_IN_FLIGHT); }

    public int maxAttempts() { return retry.maxAttempts(); }

    /** Delay before the next attempt after attempt {@code attempt} (1-based) timed out. */
    public Duration delayAfter(int attempt) { return retry.delayAfter(attempt); }
}
