package io.callguard.core.state;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryCreditReservationsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(600);
    private final InMemoryCreditReservations r = new InMemoryCreditReservations();

    private Optional<BigDecimal> reserve(String holder, String limit, String share, String atMost, String atLeast) {
        return r.reserve("acme", holder, new BigDecimal(limit), new BigDecimal(share), new BigDecimal(atMost),
                new BigDecimal(atLeast), LATER, NOW);
    }

    @Test
    void aCallTakesItsShareOfTheFreeCreditCappedByWhatItCanUseAndAtLeastOneIncrement() {
        assertThat(reserve("a", "100", "0.5", "7200", "1")).contains(new BigDecimal("50.0000"));
        assertThat(reserve("b", "100", "0.5", "10", "1")).as("capped by its maximum's cost").contains(new BigDecimal("10"));
        assertThat(reserve("c", "100", "0.1", "7200", "30")).as("raised to the first increment").contains(new BigDecimal("30"));
        assertThat(reserve("d", "100", "1", "7200", "30")).as("10 free, 30 needed").isEmpty();
        assertThat(r.reserved("acme", NOW)).isEqualByComparingTo("90");
        assertThat(r.count("acme", NOW)).isEqualTo(3);
        assertThat(r.release("acme", "a")).contains(new BigDecimal("50.0000"));
        assertThat(r.release("acme", "a")).isEmpty();
        assertThat(r.reserved("other", NOW)).isEqualByComparingTo("0");
    }

    @Test
    void reservationsExpireAndAHolderReservingAgainReplacesItsOwn() {
        reserve("a", "100", "1", "60", "1");
        assertThat(reserve("a", "100", "1", "80", "1")).contains(new BigDecimal("80"));
        assertThat(r.reserved("acme", NOW)).isEqualByComparingTo("80");
        assertThat(r.reserved("acme", LATER)).as("expired at its expiry").isEqualByComparingTo("0");
        assertThatThrownBy(() -> reserve("z", "100", "0", "1", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentReservesNeverExceedTheLimitTogether() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<BigDecimal>>> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String holder = "h" + i;
            out.add(pool.submit(() -> {
                go.await();
                return reserve(holder, "100", "0.5", "7200", "1");
            }));
        }
        go.countDown();
        BigDecimal granted = BigDecimal.ZERO;
        for (Future<Optional<BigDecimal>> f : out) granted = granted.add(f.get(10, TimeUnit.SECONDS).orElse(BigDecimal.ZERO));
        pool.shutdownNow();
        assertThat(granted).isLessThanOrEqualTo(new BigDecimal("100"));
        assertThat(r.reserved("acme", NOW)).isEqualByComparingTo(granted);
    }
}
