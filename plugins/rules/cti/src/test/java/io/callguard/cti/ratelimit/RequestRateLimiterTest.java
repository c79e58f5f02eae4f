package io.callguard.cti.ratelimit;

import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RequestRateLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-03T09:00:00Z"));
    private final RequestRateLimiter limiter = new RequestRateLimiter(clock, new RequestLimitSettings(20, 30));

    @Test
    void aBurstIsAllowedThenTheKeyIsHeldToItsRateWithRetryAfter() {
        for (int i = 0; i < 30; i++) assertThat(limiter.tryAcquire("k").allowed()).as("request %d", i).isTrue();
        RequestDecision refused = limiter.tryAcquire("k");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.nanosToWait()).isEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        clock.advance(Duration.ofMillis(50));
        assertThat(limiter.tryAcquire("k").allowed()).isTrue();
        assertThat(limiter.tryAcquire("k").allowed()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        int allowed = 0;
        for (int i = 0; i < 40; i++) if (limiter.tryAcquire("k").allowed()) allowed++;
        assertThat(allowed).isEqualTo(20);
    }

    @Test
    void keysDoNotShareABucket() {
        for (int i = 0; i < 30; i++) limiter.tryAcquire("k1");
        assertThat(limiter.tryAcquire("k1").allowed()).isFalse();
        assertThat(limiter.tryAcquire("k2").allowed()).isTrue();
    }
}
