package io.callguard.cti.ratelimit;

/**
 * Per-key request limit: {@code requestsPerSecond} on average, with up to {@code burst} requests at once after a
 * quiet period (the bucket's capacity). Defaults 20/s, burst 30.
 */
public record RequestLimitSettings(int requestsPerSecond, int burst) {
    public RequestLimitSettings {
        if (requestsPerSecond < 1) throw new IllegalArgumentException("requestsPerSecond must be at least 1");
        if (burst < requestsPerSecond) throw new IllegalArgumentException("burst must be at least requestsPerSecond");
    }

    public static RequestLimitSettings defaults() { return new RequestLimitSettings(20, 30); }
}
