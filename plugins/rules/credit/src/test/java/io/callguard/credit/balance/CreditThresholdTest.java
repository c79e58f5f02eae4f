package io.callguard.credit.balance;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.policy.Decision;
import io.callguard.credit.CreditFixture;
import io.callguard.suspension.SuspendCommand;
import io.callguard.suspension.Suspension;
import io.callguard.suspension.SuspensionReason;
import io.callguard.suspension.SuspensionStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The automatic CREDIT_THRESHOLD suspension (R3, CGV 8.2) through the real suspension service and chain: threshold
 * 10.00 €, unpaid 9.90 €, a rated call crosses it; a payment lifts it and only it.
 */
class CreditThresholdTest {
    private final CreditFixture f = new CreditFixture(new BigDecimal("0.5"));

    private List<Suspension> open() { return f.suspensions.book().openFor(CreditFixture.ACME); }

    /** Bounded wait for the watch's own thread, without sleeping the test thread in a loop of its own. */
    private static void within(Duration limit, String what, BooleanSupplier condition) throws Exception {
        CompletableFuture<Void> met = new CompletableFuture<>();
        long deadline = System.nanoTime() + limit.toNanos();
        CompletableFuture.runAsync(() -> {
            while (System.nanoTime() < deadline) {
                if (condition.getAsBoolean()) {
                    met.complete(null);
                    return;
                }
                Thread.onSpinWait();
            }
            met.completeExceptionally(new AssertionError("not within " + limit + ": " + what));
        });
        met.get(limit.toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    @Test
    void aRatedCallThatCrossesTheThresholdSuspendsAndAPaymentLiftsOnlyThatSuspension() throws Exception {
        f.threshold(1000L);
        f.billing.report(CreditFixture.ACME, 990, CreditFixture.T0.minusSeconds(86_400), "billing-system");
        assertThat(f.outbound(CreditFixture.MOBILE).allowed()).isTrue();
        assertThat(open()).isEmpty();

        f.rated("1770000300.1", "23.75"); // a 95 s mobile call at 0.15 €/min after 30 s
        within(Duration.ofSeconds(1), "the account is suspended CREDIT_THRESHOLD", () -> !open().isEmpty());
        Suspension auto = open().get(0);
        assertThat(auto.reason()).isEqualTo(SuspensionReason.CREDIT_THRESHOLD);
        assertThat(auto.createdBy()).isEqualTo("system");
        assertThat(auto.accountWide()).isTrue();
        Decision next = f.outbound(CreditFixture.MOBILE);
        assertThat(next.reason()).isEqualTo("LINE_SUSPENDED");
        assertThat(f.outbound("112").allowed()).as("emergency").isTrue();
        assertThat(f.inbound().allowed()).as("inbound").isTrue();

        Suspension nonPayment = f.suspensions.suspend(SuspendCommand.now(CreditFixture.ACME, null,
                SuspensionReason.NON_PAYMENT, "mise en demeure", "alice"));
        f.watch.check(CreditFixture.ACME);
        assertThat(open()).as("a second check suspends nobody twice").hasSize(2);

        f.billing.pay(CreditFixture.ACME, 500, "bob");
        assertThat(f.suspensions.get(CreditFixture.ACME, auto.id()).status(f.clock.instant()))
                .isEqualTo(SuspensionStatus.LIFTED);
        assertThat(f.suspensions.get(CreditFixture.ACME, auto.id()).endedBy()).isEqualTo("system");
        assertThat(open()).extracting(Suspension::id).containsExactly(nonPayment.id());
        assertThat(f.outbound(CreditFixture.MOBILE).reason()).as("NON_PAYMENT still holds").isEqualTo("LINE_SUSPENDED");
        assertThat(f.balances.balance(CreditFixture.ACME, f.clock.instant()).orElseThrow().json())
                .as("990 + 23.75 - 500, plus the 5 cents the first call (still live) reserved, rounded up")
                .containsEntry("outstandingCents", 519L).containsEntry("thresholdCents", 1000L)
                .containsEntry("availableCents", 481L).containsEntry("liveCalls", 1);
    }

    @Test
    void raisingTheThresholdLiftsItAtTheNextCheckAndAnOperatorsCreditThresholdSuspensionStays() {
        f.threshold(1000L);
        f.billing.report(CreditFixture.ACME, 1200, CreditFixture.T0, "billing-system");
        assertThat(open()).hasSize(1);
        Suspension byOperator = f.suspensions.suspend(SuspendCommand.now(CreditFixture.ACME, null,
                SuspensionReason.CREDIT_THRESHOLD, "set by hand", "alice"));
        f.threshold(2000L);
        f.watch.checkAll();
        assertThat(open()).extracting(Suspension::id).containsExactly(byOperator.id());
    }

    @Test
    void theWarningFiresOncePerCrossingInTheLogTheAuditAndTheWebhook() {
        f.threshold(1000L);
        f.billing.report(CreditFixture.ACME, 810, CreditFixture.T0, "billing-system");
        f.billing.report(CreditFixture.ACME, 850, CreditFixture.T0, "billing-system");
        assertThat(warnings()).hasSize(1);
        assertThat(f.webhooks).hasSize(1);
        assertThat(f.webhooks.get(0)).containsEntry("accountId", "acme").containsEntry("thresholdCents", 1000L)
                .containsEntry("warnPercent", 80);
        f.billing.report(CreditFixture.ACME, 100, CreditFixture.T0, "billing-system");
        f.billing.report(CreditFixture.ACME, 900, CreditFixture.T0, "billing-system");
        assertThat(warnings()).as("back under, then over again: a second crossing").hasSize(2);
        assertThat(open()).isEmpty();
    }

    @Test
    void aThresholdOfZeroSuspendsAnAccountOnlyOnceItOwesSomething() {
        f.threshold(0L);
        f.watch.checkAll();
        assertThat(open()).as("owes nothing").isEmpty();
        f.billing.report(CreditFixture.ACME, 1, CreditFixture.T0, "billing-system");
        assertThat(open()).hasSize(1);
    }

    @Test
    void theDefaultThresholdIsTheBasePlusAnAmountPerChannel() {
        f.threshold(null);
        assertThat(f.balances.balance(CreditFixture.ACME, f.clock.instant()).orElseThrow().thresholdCents())
                .as("5000 + 2500 × 30 channels").isEqualTo(5000 + 2500 * 30);
        assertThat(f.balances.balance("nobody", f.clock.instant())).isEmpty();
    }

    @Test
    void billingAndPaymentsAreAuditedAndAPaymentBeforeTheReportsAsOfIsAlreadyInIt() {
        f.billing.pay(CreditFixture.ACME, 300, "bob");
        assertThat(f.balances.settledCents(CreditFixture.ACME)).isEqualByComparingTo("-300");
        f.clock.advance(Duration.ofMinutes(1));
        f.billing.report(CreditFixture.ACME, 700, f.clock.instant(), "billing-system");
        assertThat(f.balances.settledCents(CreditFixture.ACME)).as("the report counts the earlier payment")
                .isEqualByComparingTo("700");
        assertThat(f.audit.all()).extracting(AuditEntry::action).contains("credit.payment", "credit.billing");
    }

    @Test
    void atStartTheLedgerTakesTheReportThePaymentsAndTheCallsRatedSinceItsAsOf() {
        Instant asOf = CreditFixture.T0.minusSeconds(86_400);
        f.billings.putBilling(new Billing(CreditFixture.ACME, 990, asOf, asOf, "billing-system"));
        f.billings.addPayment(new Payment("P1", CreditFixture.ACME, 100, asOf.minusSeconds(1), "bob")); // in the report
        f.billings.addPayment(new Payment("P2", CreditFixture.ACME, 40, asOf.plusSeconds(1), "bob"));
        List<String> asked = new java.util.ArrayList<>();
        RatedSums sums = (account, since) -> {
            asked.add(account + "@" + since);
            return new BigDecimal("12.3456");
        };
        Balances restarted = new Balances(f.directory, new ThresholdRule(f.directory, 0, 0), f.reservations, f.clock);
        assertThat(restarted.load(f.billings, sums)).isEqualTo(1);
        assertThat(asked).containsExactly("acme@" + asOf);
        assertThat(restarted.settledCents(CreditFixture.ACME)).isEqualByComparingTo("962.3456");
        f.rated("1770000400.1", "1"); // told to the fixture's balances, not these: nothing shared but the store
        assertThat(restarted.settledCents(CreditFixture.ACME)).isEqualByComparingTo("962.3456");
    }

    private List<AuditEntry> warnings() {
        return f.audit.all().stream().filter(e -> e.action().equals(ThresholdWatch.ACTION_WARNING)).toList();
    }
}
