package io.callguard.credit.rating;

import io.callguard.core.rating.CallRating;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared price contract: increments, cost, and what an amount of credit buys. */
class DestinationPriceTest {
    private static DestinationPrice price(String perMinute, String fee, String servicePerMinute, String servicePerCall,
                                          int first, int next) {
        return new DestinationPrice("pro", 1, "r", false, new BigDecimal(fee), new BigDecimal(perMinute),
                new BigDecimal(servicePerMinute), new BigDecimal(servicePerCall), first, next);
    }

    private static final DestinationPrice MOBILE = price("15", "0", "0", "0", 30, 1);

    private static BigDecimal cents(String text) { return new BigDecimal(text).setScale(CallRating.SCALE); }

    @Test
    void billedSecondsRoundUpToTheIncrements() {
        assertThat(MOBILE.billedSeconds(0)).isZero();
        assertThat(MOBILE.billedSeconds(1)).isEqualTo(30);
        assertThat(MOBILE.billedSeconds(30)).isEqualTo(30);
        assertThat(MOBILE.billedSeconds(95)).isEqualTo(95);
        DestinationPrice perMinute = price("6", "0", "0", "0", 60, 60);
        assertThat(perMinute.billedSeconds(61)).isEqualTo(120);
        assertThat(perMinute.billedSeconds(120)).isEqualTo(120);
    }

    @Test
    void costIs15CentsAMinuteOver95BilledSecondsThat23Point75() {
        assertThat(MOBILE.cost(95)).isEqualTo(cents("23.75"));
        assertThat(MOBILE.cost(95).scale()).isEqualTo(CallRating.SCALE);
        assertThat(MOBILE.cost(0)).as("answered, no whole second: nothing but the fixed part").isEqualTo(cents("0"));
        // 7 s at 1 cent/min per second: 0.116666… rounded half-up to 4 decimals
        assertThat(price("1", "0", "0", "0", 1, 1).cost(7)).isEqualTo(cents("0.1167"));
    }

    @Test
    void theServiceChargeAndTheConnectionFeeComeOnTop() {
        DestinationPrice p089 = price("2", "1", "80", "0", 1, 1);
        assertThat(p089.cost(90)).isEqualTo(cents("124")); // 1 + (2 + 80) x 1.5
        DestinationPrice p081 = price("2", "0", "0", "15", 1, 1);
        assertThat(p081.cost(60)).isEqualTo(cents("17"));
    }

    @Test
    void secondsForWhatTheCreditPaysInWholeIncrements() {
        DestinationPrice p = price("60", "0", "0", "0", 30, 1); // 1 cent a second
        assertThat(p.secondsFor(cents("100"), 7200)).isEqualTo(100);
        assertThat(p.secondsFor(cents("29.99"), 7200)).as("not even the first increment").isZero();
        assertThat(p.secondsFor(cents("100"), 50)).isEqualTo(50);
        DestinationPrice free = new DestinationPrice("pro", 1, "emergency", true, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, 1, 1);
        assertThat(free.secondsFor(BigDecimal.ZERO, 7200)).isEqualTo(7200);
        assertThat(free.cost(3600)).isEqualTo(cents("0"));
        assertThat(MOBILE.cost(MOBILE.secondsFor(cents("23.75"), 7200))).isLessThanOrEqualTo(cents("23.75"));
        assertThat(MOBILE.secondsFor(cents("23.75"), 7200)).isEqualTo(95);
    }

    @Test
    void aNegativePriceOrAZeroIncrementIsRefused() {
        assertThatThrownBy(() -> price("-1", "0", "0", "0", 1, 1)).hasMessageContaining("perMinuteCents");
        assertThatThrownBy(() -> price("1", "0", "0", "0", 0, 1)).hasMessageContaining("firstIncrementSeconds");
    }
}
