package io.callguard.cti.callback;

import java.time.Duration;
import java.util.Objects;

/**
 * Status callbacks: retry policy and limits of one attempt. A delivery fails on a non-2xx status or an error and is
 * tried again after {@code firstDelay}, doubling up to {@code maxDelay}, {@code maxAttempts} times in all; a URL
 * refused for its address ({@link CallbackRefusedException}) is failed at once, without retry.
 *
 * @param timeout               whole time of one attempt (resolution, connection, request, status line and
 *                              headers), however slowly the server answers
 * @param allowPrivateAddresses whether a callback may reach loopback, private, link-local… addresses
 *                              ({@link CallbackAddresses}); false by default, against SSRF
 */
public record CallbackSettings(int maxAttempts, Duration firstDelay, Duration maxDelay, Duration timeout,
                               boolean allowPrivateAddresses) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public CallbackSettings {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(timeout, "timeout");
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= firstDelay <= maxDelay");
        }
        if (timeout.toMillis() < 1) throw new IllegalArgumentException("timeout must be at least 1 ms: " + timeout);
    }

    /** The retry policy with the default limits: {@link #DEFAULT_TIMEOUT}, private addresses refused. */
    public CallbackSettings(int maxAttempts, Duration firstDelay, Duration maxDelay) {
        this(maxAttempts, firstDelay, maxDelay, DEFAULT_TIMEOUT, false);
    }

    public static CallbackSettings defaults() { return new CallbackSettings(5, Duration.ofSeconds(2), Duration.ofMinutes(1)); }

    /** Delay before attempt {@code attempt + 1} after attempt {@code attempt} (1-based) failed. */
    public Duration delayAfter(int attempt) {
        Duration d = firstDelay;
        for (int i = 1; i < attempt && d.compareTo(maxDelay) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
