package io.callguard.credit.rating;

import io.callguard.core.policy.Direction;
import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The Rater over the plan: which calls are rated and what they cost (issue 15, "Must show"). */
class RaterTest {
    private final InMemoryTariffs tariffs = new InMemoryTariffs();
    private final List<String> told = new ArrayList<>();
    private final Rater rater = new Rater(tariffs, account -> account.equals("acme") ? Optional.of("pro") : Optional.empty(),
            () -> List.of((call, rating) -> told.add(call.calleeDialled() + "=" + rating.amountCents().toPlainString())));

    RaterTest() { tariffs.put(Plans.pro(1)); }

    private CallRating rated(CallRecord call) { return rater.rate(call).orElseThrow(); }

    private static BigDecimal cents(String text) { return new BigDecimal(text).setScale(CallRating.SCALE); }

    @Test
    void aMobileCallOf95SecondsAt15CentsAMinutePerSecondAfter30SecondsIs23Point75Cents() {
        CallRating r = rated(Plans.answered("0612345678", 95));
        // 95 s: the first 30 s block, then 65 blocks of 1 s = 95 s billed; 15 cents x 95 / 60 = 23.75 cents
        assertThat(r.billedSeconds()).isEqualTo(95);
        assertThat(r.amountCents()).isEqualTo(cents("23.75"));
        assertThat(r.planId()).isEqualTo("pro");
        assertThat(r.planVersion()).isEqualTo(1);
        assertThat(r.rateId()).isEqualTo("mobile");
        assertThat(told).containsExactly("0612345678=23.7500");
    }

    @Test
    void aShortMobileCallPaysTheWholeFirstIncrement() {
        CallRating r = rated(Plans.answered("0712345678", 12));
        assertThat(r.billedSeconds()).isEqualTo(30);
        assertThat(r.amountCents()).isEqualTo(cents("7.5"));
        assertThat(rated(Plans.answered("0712345678", 31)).amountCents()).isEqualTo(cents("7.75"));
    }

    @Test
    void a089CallAddsItsServiceChargeOnTopOfTheCallPrice() {
        CallRating r = rated(Plans.answered("0899123456", 60));
        // call price 2 cents/min + service 80 cents/min = 82 cents for the minute
        assertThat(r.rateId()).isEqualTo("special-089");
        assertThat(r.amountCents()).isEqualTo(cents("82"));
        CallRating fixed = rated(Plans.answered("0140000001", 60));
        assertThat(fixed.amountCents()).isEqualTo(cents("2"));
        assertThat(r.amountCents().subtract(fixed.amountCents())).as("the service charge").isEqualTo(cents("80"));
    }

    @Test
    void an081CallAddsItsServiceChargePerCall() {
        CallRating r = rated(Plans.answered("0812345678", 90));
        // 15 cents per call + 2 cents/min x 90 s = 3 cents
        assertThat(r.amountCents()).isEqualTo(cents("18"));
    }

    @Test
    void emergencyNumbersAreFreeWhateverThePlanAnd080xToo() {
        for (String n : List.of("112", "15", "17", "18", "114")) {
            CallRating r = rated(Plans.answered(n, 600));
            assertThat(r.amountCents()).as(n).isEqualTo(cents("0"));
            assertThat(r.billedSeconds()).as(n).isZero();
            assertThat(r.rateId()).as(n).isEqualTo(InMemoryTariffs.EMERGENCY_RATE);
        }
        CallRating free = rated(Plans.answered("0800123456", 600));
        assertThat(free.amountCents()).isEqualTo(cents("0"));
        assertThat(free.rateId()).isEqualTo(InMemoryTariffs.SPECIAL_FREE_RATE);
    }

    @Test
    void internationalCallsTakeTheLongestMatchingPrefix() {
        CallRating landline = rated(Plans.answered("00442071234567", 61));
        assertThat(landline.rateId()).isEqualTo("intl-44");
        assertThat(landline.billedSeconds()).isEqualTo(120);
        assertThat(landline.amountCents()).isEqualTo(cents("9"));
        CallRating mobile = rated(Plans.answered("+447700900123", 60));
        // connection fee 9.9 + 30 s first block then per second: 60 s at 12 cents/min = 12
        assertThat(mobile.rateId()).isEqualTo("intl-447");
        assertThat(mobile.amountCents()).isEqualTo(cents("21.9"));
    }

    @Test
    void unansweredDeniedInboundAndPlanlessCallsAreNotRated() {
        assertThat(rater.rate(Plans.call("0612345678", Direction.OUTBOUND, "ALLOW", 0, Disposition.NO_ANSWER))).isEmpty();
        assertThat(rater.rate(Plans.call("0612345678", Direction.OUTBOUND, "ALLOW", 0, Disposition.BUSY))).isEmpty();
        assertThat(rater.rate(Plans.call("0612345678", Direction.OUTBOUND, "DENY", 0, Disposition.DENIED))).isEmpty();
        assertThat(rater.rate(Plans.call("0612345678", Direction.INBOUND, "ALLOW", 60, Disposition.ANSWERED))).isEmpty();
        Rater noPlan = new Rater(tariffs, account -> Optional.empty(), List::of);
        assertThat(noPlan.rate(Plans.answered("0612345678", 60))).isEmpty();
        Rater unknownPlan = new Rater(tariffs, account -> Optional.of("nope"), List::of);
        assertThat(unknownPlan.rate(Plans.answered("0612345678", 60))).isEmpty();
        assertThat(told).isEmpty();
    }

    @Test
    void aDestinationThePlanDoesNotPriceIsLeftUnratedAndCounted() {
        assertThat(rater.rate(Plans.answered("0912345678", 60))).as("no NON_GEOGRAPHIC line").isEmpty();
        assertThat(rater.rate(Plans.answered("+12125551234", 60))).as("no +1 line").isEmpty();
        assertThat(rater.unpricedCalls()).isEqualTo(2);
    }

    @Test
    void aNewVersionRatesTheCallsThatEndAfterItAndAFailingListenerDoesNotLoseTheRating() {
        TariffPlan v1 = Plans.pro(1);
        List<TariffRate> cheaper = new ArrayList<>(v1.rates());
        TariffRate mobile = cheaper.get(0);
        cheaper.set(0, new TariffRate("mobile", mobile.destination(), "", false, BigDecimal.ZERO, BigDecimal.valueOf(6),
                BigDecimal.ZERO, BigDecimal.ZERO, 1, 1));
        tariffs.put(new TariffPlan("pro", 2, "Pro 2027", Plans.T0, "bob", cheaper));
        Rater failing = new Rater(tariffs, a -> Optional.of("pro"), () -> List.of((c, r) -> {
            throw new IllegalStateException("listener down");
        }));
        CallRating r = failing.rate(Plans.answered("0612345678", 95)).orElseThrow();
        assertThat(r.planVersion()).isEqualTo(2);
        assertThat(r.amountCents()).isEqualTo(cents("9.5"));
        tariffs.put(v1);
        assertThat(tariffs.plan("pro").orElseThrow().version()).as("an older version never replaces a newer").isEqualTo(2);
    }
}
