package io.callguard.cti.callback;

import io.callguard.cti.RetryBackoff;

import java.time.Duration;
import java.util.Objects;

/**
 * Status callbacks: retry policy and limits of one attempt. A delivery fails on a non-2xx status or an error and is
 * tried again as {@code retry} says; a URL refused for its address ({@link CallbackRefusedException}) is failed at
 * once, without retry.
 *
 * @param timeout               whole time of one attempt (resolution, connection, request, status line and
 *                              headers), however slowly the server answers
 * @param allowPrivateAddresses whether a callback may reach loopback, private, link-local… addresses
 *                              ({@link CallbackAddresses}); false by default, against SSRF
 */
public record CallbackSettings(RetryBackoff retry, Duration timeout, boolean allowPrivateAddresses) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public CallbackSettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.toMillis() < 1) throw new IllegalArgumentException("timeout must be at least 1 ms: " + timeout);
    }

    public CallbackSettings(int maxAttempts, Duration firstDelay, Duration maxDelay, Duration timeout,
                            boolean allowPrivateAddresses) {
        this(new RetryBackoff(maxAttempts, firstDelay, maxDelay), timeout, allowPrivateAddresses);
    }

    /** The retry policy with the default limits: {@link #DEFAULT_TIMEOUT}, private addresses refused. */
    public CallbackSettings(int maxAttempts, Duration firstDelay, Duration maxDelay) {
        this(maxAttempts, firstDelay, maxDelay, DEFAULT_TIMEOUT, false);
    }

    public static CallbackSettings defaults() { return new CallbackSettings(RetryBackoff.defaults(), DEFAULT_TIMEOUT, false); }

    public int maxAttempts() { return retry.maxAttempts(); }

    /** Delay before attempt {@code attempt + 1} after attempt {@code attempt} (1-based) failed. */
    public Duration delayAfter(int attempt) { return retry.delayAfter(attempt); }
}
