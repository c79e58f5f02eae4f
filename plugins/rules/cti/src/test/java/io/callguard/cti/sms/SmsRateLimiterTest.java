package io.callguard.cti.sms;

import io.callguard.core.state.SlidingWindow;
import io.callguard.core.state.InMemorySlidingWindows;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SmsRateLimiterTest {
    private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final SmsRateLimiter limiter = new SmsRateLimiter(clock);

    private RateCheck at(double seconds) {
        return limiter.tryAcquire("a", T0.plusMillis(Math.round(seconds * 1000)));
    }

    @Test
    void secondSmsWithinOneSecondIsRefusedByThePerSecondWindowWithTheExactWait() {
        assertThat(at(0).granted()).isTrue();
        RateCheck r = at(0.3);
        assertThat(r.granted()).isFalse();
        assertThat(r.window()).isEqualTo(SmsSettings.PER_SECOND);
        assertThat(r.waitTime()).isEqualTo(Duration.ofMillis(700));
        assertThat(r.retryAfterSeconds()).isEqualTo(1);
        assertThat(at(1).granted()).as("exactly one second later").isTrue();
    }

    @Test
    void eleventhWithinSixtySecondsIsRefusedByTheMinuteWindowUntilTheFirstAgesOut() {
        for (int i = 0; i < 10; i++) assertThat(at(i).granted()).as("SMS %d", i + 1).isTrue();
        RateCheck r = at(10);
        assertThat(r.granted()).isFalse();
        assertThat(r.window()).isEqualTo(SmsSettings.PER_MINUTE);
        assertThat(r.waitTime()).isEqualTo(Duration.ofSeconds(50));
        assertThat(r.retryAfterSeconds()).isEqualTo(50);
        RateCheck r2 = at(59.5);
        assertThat(r2.granted()).isFalse();
        assertThat(r2.waitTime()).isEqualTo(Duration.ofMillis(500));
        assertThat(r2.retryAfterSeconds()).as("rounded up").isEqualTo(1);
        assertThat(at(60).granted()).isTrue();
        RateCheck r3 = at(61);
        assertThat(r3.granted()).as("the SMS of t=1 s still counts until t=61 s exclusive... it ages out at 61").isTrue();
        assertThat(at(61.5).window()).isEqualTo(SmsSettings.PER_SECOND);
    }

    @Test
    void eleventhWithinAnySlidingWindowIsRefusedEvenAcrossAMinuteBoundary() {
        // a fixed-window (interval refill) bucket would let 19 SMS into [50 s, 110 s): this must not
        assertThat(at(0).granted()).isTrue();
        for (int i = 50; i < 59; i++) assertThat(at(i).granted()).isTrue();
        RateCheck r = at(60);
        assertThat(r.granted()).as("t=0 aged out, so 60 is the 10th in (0, 60]").isTrue();
        RateCheck r2 = at(61);
        assertThat(r2.granted()).isFalse();
        assertThat(r2.window()).isEqualTo(SmsSettings.PER_MINUTE);
        assertThat(r2.waitTime()).as("the SMS of t=50 s ages out at 110 s").isEqualTo(Duration.ofSeconds(49));
        assertThat(at(109.999).granted()).isFalse();
        assertThat(at(110).granted()).isTrue();
    }

    @Test
    void greedySmoothingWouldAllowAnEleventhAtTenSecondsButTheLogDoesNot() {
        for (int i = 0; i < 10; i++) at(i);
        for (int s = 10; s < 60; s += 6) assertThat(at(s).granted()).as("t=%d", s).isFalse();
    }

    @Test
    void whenBothWindowsAreFullTheLongerWaitIsNamed() {
        for (int i = 0; i < 10; i++) at(i * 0.001 + i);
        RateCheck r = at(9.2);
        assertThat(r.window()).isEqualTo(SmsSettings.PER_MINUTE);
        assertThat(r.retryAfterSeconds()).isEqualTo(51);
    }

    @Test
    void accountsHaveSeparateBudgets() {
        assertThat(limiter.tryAcquire("a", T0).granted()).isTrue();
        assertThat(limiter.tryAcquire("b", T0).granted()).isTrue();
        assertThat(limiter.tryAcquire("a", T0).granted()).isFalse();
    }

    @Test
    void aReleasedSlotIsGivenBack() {
        RateCheck r = at(0);
        assertThat(at(0.5).granted()).isFalse();
        limiter.release("a", r.at());
        assertThat(at(0.5).granted()).isTrue();
    }

    @Test
    void idleAccountsAreForgottenOnlyOnceNothingOfThemCounts() {
        limiter.tryAcquire("a");
        assertThat(limiter.trackedAccounts()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(59));
        assertThat(limiter.trackedAccounts()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(limiter.trackedAccounts()).isZero();
    }

    @Test
    void limitersOverTheSameStateCountTogetherAsNodesOverASharedBackendWould() {
        InMemorySlidingWindows shared = new InMemorySlidingWindows();
        List<SlidingWindow> r8 = List.of(SmsSettings.PER_SECOND, SmsSettings.PER_MINUTE);
        SmsRateLimiter nodeA = new SmsRateLimiter(shared, clock, r8);
        SmsRateLimiter nodeB = new SmsRateLimiter(shared, clock, r8);
        for (int i = 0; i < 10; i++) {
            SmsRateLimiter node = i % 2 == 0 ? nodeA : nodeB;
            assertThat(node.tryAcquire("a", T0.plusMillis(1100L * i)).granted()).as("SMS %d", i + 1).isTrue();
        }
        RateCheck eleventh = nodeA.tryAcquire("a", T0.plusMillis(11_000));
        assertThat(eleventh.granted()).isFalse();
        assertThat(eleventh.window()).isEqualTo(SmsSettings.PER_MINUTE);
        assertThat(nodeB.trackedAccounts()).isEqualTo(1);
    }

    @Test
    void manyThreadsAtTheSameInstantGetExactlyOneSms() throws Exception {
        int threads = 30;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return limiter.tryAcquire("a", T0).granted();
                }));
            }
            go.countDown();
            int granted = 0;
            for (Future<Boolean> f : answers) if (f.get(30, TimeUnit.SECONDS)) granted++;
            assertThat(granted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
