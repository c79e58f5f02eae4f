package io.callguard.cti.ratelimit;

/**
 * Outcome of {@link RequestRateLimiter#tryAcquire}.
 *
 * @param allowed           the request may proceed
 * @param remaining         tokens left after it (for a {@code RateLimit-Remaining} header)
 * @param retryAfterSeconds when refused, whole seconds until one token is back, rounded up (at least 1); else 0
 * @param nanosToWait       the exact wait when refused, else 0
 */
public record RequestDecision(boolean allowed, long remaining, long retryAfterSeconds, long nanosToWait) { }
