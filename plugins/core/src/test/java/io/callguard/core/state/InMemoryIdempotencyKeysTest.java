package io.callguard.core.state;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryIdempotencyKeysTest {
    private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    private static final Instant DAY = T0.plus(Duration.ofDays(1));

    private final InMemoryIdempotencyKeys keys = new InMemoryIdempotencyKeys();

    @Test
    void theFirstValueWinsUntilItExpires() {
        assertThat(keys.putIfAbsent("acme\nk1", "sms_1", DAY, T0)).isEmpty();
        assertThat(keys.putIfAbsent("acme\nk1", "sms_2", DAY, T0.plusSeconds(5))).contains("sms_1");
        assertThat(keys.get("acme\nk1", DAY.minusMillis(1))).contains("sms_1");
        assertThat(keys.get("acme\nk1", DAY)).as("expiry is exclusive").isEmpty();
        assertThat(keys.putIfAbsent("acme\nk1", "sms_3", DAY.plusSeconds(60), DAY)).isEmpty();
        assertThat(keys.get("acme\nk1", DAY)).contains("sms_3");
    }

    @Test
    void aRemovedKeyCanBeTakenAgain() {
        keys.putIfAbsent("k", "v1", DAY, T0);
        assertThat(keys.remove("k")).isTrue();
        assertThat(keys.remove("k")).isFalse();
        assertThat(keys.get("k", T0)).isEmpty();
        assertThat(keys.putIfAbsent("k", "v2", DAY, T0)).isEmpty();
    }

    @Test
    void expiredEntriesAreDroppedByThemselvesSoMemoryStaysBounded() {
        for (int i = 0; i < 1000; i++) keys.putIfAbsent("k" + i, "v", T0.plusSeconds(10), T0);
        assertThat(keys.size()).isEqualTo(1000);
        keys.putIfAbsent("late", "v", T0.plusSeconds(200), T0.plusSeconds(61));
        assertThat(keys.size()).isEqualTo(1);
        assertThat(keys.expire(T0.plusSeconds(200))).isEqualTo(1);
        assertThat(keys.size()).isZero();
    }

    @Test
    void manyThreadsRacingForOneKeySeeExactlyOneWinnerAndItsValue() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 200; round++) {
                String key = "race-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Optional<String>>> answers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String mine = "v" + t;
                    answers.add(pool.submit(() -> {
                        go.await();
                        return keys.putIfAbsent(key, mine, DAY, T0);
                    }));
                }
                go.countDown();
                int winners = 0;
                Set<String> seen = new HashSet<>();
                for (Future<Optional<String>> f : answers) {
                    Optional<String> held = f.get(30, TimeUnit.SECONDS);
                    if (held.isEmpty()) winners++;
                    else seen.add(held.get());
                }
                assertThat(winners).isEqualTo(1);
                assertThat(seen).as("every loser sees the winner's value").containsExactly(keys.get(key, T0).orElseThrow());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> keys.putIfAbsent("", "v", DAY, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.putIfAbsent("k", "v", T0, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.putIfAbsent("k", null, DAY, T0)).isInstanceOf(NullPointerException.class);
    }
}
