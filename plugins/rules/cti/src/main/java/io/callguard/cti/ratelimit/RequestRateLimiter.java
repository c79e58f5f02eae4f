package io.callguard.cti.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits CTI API requests per API key with a token bucket: capacity {@code burst}, refilled greedily at
 * {@code requestsPerSecond} (a token every 1/rate s), so a steady client is never refused and a retry loop is
 * slowed to the rate. Unlike the SMS limits, smoothing is what we want here. Buckets live in a Caffeine cache that
 * forgets a key idle long enough to have refilled completely (forgetting it is then exact). Time comes from the
 * injected clock, for Bucket4j and for Caffeine alike.
 */
public final class RequestRateLimiter {
    private final RequestLimitSettings settings;
    private final ClockTimeMeter timeMeter;
    private final Cache<String, Bucket> buckets;

    public RequestRateLimiter(Clock clock, RequestLimitSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timeMeter = new ClockTimeMeter(clock);
        long refillNanos = Duration.ofSeconds(1).toNanos() * settings.burst() / settings.requestsPerSecond();
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofNanos(refillNanos).plusSeconds(1))
                .ticker(timeMeter::currentTimeNanos)
                .build();
    }

    public RequestLimitSettings settings() { return settings; }

    /** Takes one token of {@code keyId}'s bucket if there is one; thread-safe, lock-free per bucket. */
    public RequestDecision tryAcquire(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        Bucket bucket = buckets.get(keyId, k -> newBucket());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) return new RequestDecision(true, probe.getRemainingTokens(), 0, 0);
        long nanos = probe.getNanosToWaitForRefill();
        long seconds = Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
        return new RequestDecision(false, 0, seconds, nanos);
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(settings.burst())
                        .refillGreedy(settings.requestsPerSecond(), Duration.ofSeconds(1)))
                .withCustomTimePrecision(timeMeter)
                .build();
    }
}
