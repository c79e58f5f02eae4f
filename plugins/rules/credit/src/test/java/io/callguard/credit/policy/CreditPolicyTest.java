package io.callguard.credit.policy;

import io.callguard.asterisk.fastagi.DecisionVariables;
import io.callguard.asterisk.fastagi.LoopbackFastAgi;
import io.callguard.core.policy.Decision;
import io.callguard.credit.CreditFixture;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code credit} policy in the real chain (emergency → suspension → credit → default): acme has a threshold of
 * 10.00 € and an unpaid amount of 9.00 €, so 1.00 € available; mobiles cost 0.60 €/min by the second (stub tariffs).
 */
class CreditPolicyTest {
    private static CreditFixture withOneEuroAvailable(String share) {
        CreditFixture f = new CreditFixture(new BigDecimal(share));
        f.threshold(1000L);
        f.billing.report(CreditFixture.ACME, 900, CreditFixture.T0.minusSeconds(3600), "billing");
        return f;
    }

    @Test
    void oneEuroAtSixtyCentsAMinuteGivesAtMostHundredSecondsAndHalfOfItWithTheDefaultShare() {
        CreditFixture whole = withOneEuroAvailable("1");
        Decision d = whole.outbound(CreditFixture.MOBILE);
        assertThat(d.allowed()).isTrue();
        assertThat(d.maxSeconds()).as("100 cents at 1 cent a second").isEqualTo(100);

        CreditFixture half = withOneEuroAvailable("0.5");
        Decision first = half.outbound(CreditFixture.MOBILE);
        assertThat(first.maxSeconds()).as("credit.callShare 0.5 of the free 100 cents").isEqualTo(50);
        Decision second = half.outbound(CreditFixture.MOBILE);
        assertThat(second.maxSeconds()).as("half of the 50 cents left").isEqualTo(25);
        assertThat(half.balances.balance(CreditFixture.ACME, half.clock.instant()).orElseThrow().json())
                .containsEntry("outstandingCents", 975L).containsEntry("availableCents", 25L).containsEntry("liveCalls", 2);
    }

    @Test
    void twentyConcurrentDecisionsNeverReserveMoreThanTheAvailableCredit() throws Exception {
        CreditFixture f = withOneEuroAvailable("0.5");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Decision>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "1770000100." + i;
            calls.add(() -> {
                go.await();
                return f.outbound(id, CreditFixture.MOBILE);
            });
        }
        List<java.util.concurrent.Future<Decision>> futures = new ArrayList<>();
        for (Callable<Decision> c : calls) futures.add(pool.submit(c));
        go.countDown();
        long promisedSeconds = 0;
        int allowed = 0;
        int exhausted = 0;
        for (java.util.concurrent.Future<Decision> fu : futures) {
            Decision d = fu.get(10, TimeUnit.SECONDS);
            if (d.allowed()) {
                allowed++;
                promisedSeconds += d.maxSeconds();
            } else {
                assertThat(d.reason()).isEqualTo(CreditPolicy.CREDIT_EXHAUSTED);
                assertThat(d.cause()).isEqualTo(21);
                assertThat(d.prompt()).isEqualTo(CreditPolicy.PROMPT_CREDIT_EXHAUSTED);
                exhausted++;
            }
        }
        pool.shutdownNow();
        Instant now = f.clock.instant();
        assertThat(f.reservations.reserved(CreditFixture.ACME, now)).as("sum of the reserved credit")
                .isLessThanOrEqualTo(new BigDecimal("100"));
        assertThat(promisedSeconds).as("seconds promised together, at 1 cent each").isLessThanOrEqualTo(100);
        assertThat(f.reservations.count(CreditFixture.ACME, now)).isEqualTo(allowed);
        assertThat(allowed).isGreaterThan(1);
        assertThat(exhausted).as("the last ones find less than one increment").isPositive();
        assertThat(allowed + exhausted).isEqualTo(20);
    }

    @Test
    void withoutCreditTheCallIsRefusedButEmergencyAndInboundCallsAreNeverLimitedOrRefused() {
        CreditFixture f = withOneEuroAvailable("1");
        f.billing.report(CreditFixture.ACME, 1000 - 1, CreditFixture.T0.minusSeconds(60), "billing"); // 0.5 cent short
        f.rated("1770009999.1", "0.5");
        Decision refused = f.outbound(CreditFixture.MOBILE);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reason()).isEqualTo("CREDIT_EXHAUSTED");

        Decision emergency = f.outbound("112");
        assertThat(emergency.allowed()).isTrue();
        assertThat(emergency.maxSeconds()).as("never limited by credit (the emergency policy sets no maximum)").isNull();
        assertThat(emergency.reason()).isEqualTo("EMERGENCY");
        assertThat(f.inbound().allowed()).isTrue();
        assertThat(f.reservations.count(CreditFixture.ACME, f.clock.instant())).as("nothing reserved").isZero();
    }

    @Test
    void aCallEndedGivesItsReservationBackAndItsRatingReplacesIt() {
        CreditFixture f = withOneEuroAvailable("1");
        Decision d = f.outbound("1770000200.1", CreditFixture.MOBILE);
        assertThat(d.maxSeconds()).isEqualTo(100);
        assertThat(f.outbound(CreditFixture.MOBILE).reason()).as("everything reserved").isEqualTo("CREDIT_EXHAUSTED");
        f.rated("1770000200.1", "30");
        assertThat(f.reservations.count(CreditFixture.ACME, f.clock.instant())).isZero();
        assertThat(f.outbound(CreditFixture.MOBILE).maxSeconds()).as("70 cents left").isEqualTo(70);
    }

    @Test
    void aCallDeniedByALaterPolicyGivesItsReservationBackAtOnce() {
        CreditFixture f = withOneEuroAvailable("1");
        CreditPolicy policy = (CreditPolicy) f.chain.policies().stream().filter(p -> p.name().equals("credit"))
                .findFirst().orElseThrow();
        io.callguard.core.policy.CallContext call = new io.callguard.core.policy.CallContext(
                io.callguard.core.policy.Direction.OUTBOUND, CreditFixture.ACME,
                f.directory.account(CreditFixture.ACME).orElseThrow(), CreditFixture.TRUNK,
                f.directory.trunk(CreditFixture.TRUNK).orElseThrow(), "0140000000", f.plan.classify(CreditFixture.MOBILE),
                "PJSIP/trunk-a-1", "1770000500.1", f.clock.instant());
        assertThat(policy.evaluate(call).toCompletableFuture().join()).isEmpty();
        assertThat(f.reservations.count(CreditFixture.ACME, f.clock.instant())).isEqualTo(1);
        policy.onDecided(call, Decision.deny("TRUNK_FULL", 34, "callguard/trunk-full"));
        assertThat(f.reservations.count(CreditFixture.ACME, f.clock.instant())).isZero();
        assertThat(policy.pendingDecisions()).isZero();
    }

    @Test
    void anOutboundCallOverFastAgiGetsItsCreditLimitInCallguardMaxSeconds() throws Exception {
        CreditFixture f = withOneEuroAvailable("0.5");
        try (LoopbackFastAgi agi = LoopbackFastAgi.start(f.engine)) {
            AgiSessionResult r = await(agi.run(AgiEnvironment.outbound("PJSIP/trunk-a-00000001", "1770003000.1", "",
                    "0140000000", CreditFixture.MOBILE)));
            assertThat(r.variable(DecisionVariables.VERDICT)).isEqualTo("ALLOW");
            assertThat(Long.parseLong(r.variable(DecisionVariables.MAX_SECONDS))).isEqualTo(50).isLessThanOrEqualTo(100);
            AgiSessionResult emergency = await(agi.run(AgiEnvironment.outbound("PJSIP/trunk-a-00000002", "1770003000.2",
                    "", "0140000000", "112")));
            assertThat(emergency.variable(DecisionVariables.VERDICT)).isEqualTo("ALLOW");
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
