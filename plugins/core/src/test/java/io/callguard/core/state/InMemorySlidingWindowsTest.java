package io.callguard.core.state;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemorySlidingWindowsTest {
    private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    private static final SlidingWindow PER_SECOND = new SlidingWindow("1/s", 1, Duration.ofSeconds(1));
    private static final SlidingWindow PER_MINUTE = new SlidingWindow("10/min", 10, Duration.ofMinutes(1));
    private static final List<SlidingWindow> SMS = List.of(PER_SECOND, PER_MINUTE);

    private final InMemorySlidingWindows windows = new InMemorySlidingWindows();

    private WindowCheck at(String key, double seconds) {
        return windows.tryRecord(key, SMS, T0.plusMillis(Math.round(seconds * 1000)));
    }

    @Test
    void anEventLeavesItsWindowExactlyOnePeriodLater() {
        assertThat(at("a", 0).recorded()).isTrue();
        WindowCheck refused = at("a", 0.999);
        assertThat(refused.recorded()).isFalse();
        assertThat(refused.refusingIndex()).isZero();
        assertThat(refused.roomAt()).containsExactly(T0.plusSeconds(1), T0.plusMillis(999));
        assertThat(refused.waitTime()).isEqualTo(Duration.ofMillis(1));
        assertThat(at("a", 1).recorded()).as("at t + period the event no longer counts").isTrue();
    }

    @Test
    void theEleventhInAnyMinuteIsRefusedUntilTheOldestCountedLeaves() {
        for (int i = 0; i < 10; i++) assertThat(at("a", i).recorded()).as("event %d", i + 1).isTrue();
        WindowCheck r = at("a", 10);
        assertThat(r.recorded()).isFalse();
        assertThat(r.refusingIndex()).isEqualTo(1);
        assertThat(r.roomAt().get(1)).isEqualTo(T0.plusSeconds(60));
        assertThat(r.waitTime()).isEqualTo(Duration.ofSeconds(50));
        assertThat(at("a", 59.999).recorded()).isFalse();
        assertThat(at("a", 60).recorded()).isTrue();
    }

    @Test
    void slidingAcrossAMinuteBoundaryStillCountsTheLastSixtySeconds() {
        assertThat(at("a", 0).recorded()).isTrue();
        for (int i = 50; i < 59; i++) assertThat(at("a", i).recorded()).isTrue();
        assertThat(at("a", 60).recorded()).as("t=0 left, so t=60 is the 10th in (0, 60]").isTrue();
        WindowCheck r = at("a", 61);
        assertThat(r.recorded()).isFalse();
        assertThat(r.waitTime()).as("the event of t=50 s leaves at 110 s").isEqualTo(Duration.ofSeconds(49));
        assertThat(at("a", 110).recorded()).isTrue();
    }

    @Test
    void whenSeveralWindowsAreFullTheLongestWaitIsTheOneNamed() {
        for (int i = 0; i < 10; i++) at("a", i * 1.001);
        WindowCheck r = at("a", 9.2);
        assertThat(r.roomAt().get(0)).as("the per-second window frees first").isBefore(r.roomAt().get(1));
        assertThat(r.refusingIndex()).isEqualTo(1);
        assertThat(r.waitTime()).isEqualTo(Duration.ofMillis(50_800));
    }

    @Test
    void refusedAttemptsCountForNothing() {
        assertThat(at("a", 0).recorded()).isTrue();
        for (int i = 0; i < 100; i++) assertThat(at("a", 0.5).recorded()).isFalse();
        assertThat(at("a", 1).recorded()).isTrue();
    }

    @Test
    void aRemovedEventGivesItsRoomBackInEveryWindow() {
        WindowCheck first = at("a", 0);
        assertThat(at("a", 0.5).recorded()).isFalse();
        assertThat(windows.remove("a", first.at())).isTrue();
        assertThat(windows.remove("a", first.at())).as("only once").isFalse();
        assertThat(at("a", 0.5).recorded()).isTrue();
        assertThat(windows.remove("b", first.at())).as("unknown key").isFalse();
    }

    @Test
    void keysHaveSeparateBudgets() {
        assertThat(at("a", 0).recorded()).isTrue();
        assertThat(at("b", 0).recorded()).isTrue();
        assertThat(at("a", 0).recorded()).isFalse();
        assertThat(windows.tracked("")).isEqualTo(2);
        assertThat(windows.tracked("a")).isEqualTo(1);
    }

    @Test
    void aKeyIsDroppedOnceNoneOfItsEventsCanCount() {
        at("a", 0);
        assertThat(windows.expire(T0.plusSeconds(59))).isZero();
        assertThat(windows.tracked("")).isEqualTo(1);
        assertThat(windows.expire(T0.plusSeconds(60))).isEqualTo(1);
        assertThat(windows.tracked("")).isZero();
    }

    @Test
    void recordingSweepsIdleKeysByItselfSoMemoryStaysBounded() {
        for (int i = 0; i < 1000; i++) windows.tryRecord("k" + i, SMS, T0);
        assertThat(windows.tracked("k")).isEqualTo(1000);
        windows.tryRecord("late", SMS, T0.plusSeconds(121));
        assertThat(windows.tracked("k")).isZero();
        assertThat(windows.tracked("late")).isEqualTo(1);
    }

    @Test
    void aKeyWhoseOnlyEventIsRemovedKeepsNothing() {
        SlidingWindow none = new SlidingWindow("1/s", 1, Duration.ofSeconds(1));
        windows.tryRecord("a", List.of(none), T0);
        windows.remove("a", T0);
        assertThat(windows.tracked("")).isZero();
    }

    @Test
    void manyThreadsOnOneKeyGetExactlyTheLimit() throws Exception {
        List<SlidingWindow> tenPerMinute = List.of(PER_MINUTE);
        int threads = 16;
        int attemptsPerThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    go.await();
                    int recorded = 0;
                    for (int i = 0; i < attemptsPerThread; i++) {
                        if (windows.tryRecord("shared", tenPerMinute, T0.plusMillis(i)).recorded()) recorded++;
                        windows.tryRecord("own-" + Thread.currentThread().getId(), tenPerMinute, T0.plusMillis(i));
                    }
                    return recorded;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : results) total += f.get(30, TimeUnit.SECONDS);
            assertThat(total).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentRecordsAndRemovalsKeepTheCountExact() throws Exception {
        // each thread records and takes back its event, except one final keep: exactly `threads` events remain
        List<SlidingWindow> big = List.of(new SlidingWindow("1000/min", 1000, Duration.ofMinutes(1)));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 2000; i++) {
                        WindowCheck c = windows.tryRecord("k", big, T0.plusMillis(i % 50));
                        assertThat(c.recorded()).isTrue();
                        assertThat(windows.remove("k", c.at())).isTrue();
                    }
                    return windows.tryRecord("k", big, T0.plusMillis(100)).recorded();
                }));
            }
            go.countDown();
            for (Future<?> f : done) assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(true);
        } finally {
            pool.shutdownNow();
        }
        List<SlidingWindow> exactlyEight = List.of(new SlidingWindow("8/min", 8, Duration.ofMinutes(1)));
        assertThat(windows.tryRecord("k", exactlyEight, T0.plusMillis(200)).recorded())
                .as("8 events remain: a 9th is refused by a limit of 8").isFalse();
        List<SlidingWindow> nine = List.of(new SlidingWindow("9/min", 9, Duration.ofMinutes(1)));
        assertThat(windows.tryRecord("k", nine, T0.plusMillis(200)).recorded()).as("but fits a limit of 9").isTrue();
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> windows.tryRecord(" ", SMS, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> windows.tryRecord("a", List.of(), T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlidingWindow("x", 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
