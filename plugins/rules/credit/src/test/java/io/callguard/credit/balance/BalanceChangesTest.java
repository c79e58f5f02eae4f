package io.callguard.credit.balance;

import io.callguard.core.cluster.ChangeFeed;
import io.callguard.core.cluster.ChangeListener;
import io.callguard.core.cluster.LocalChangeFeed;
import io.callguard.credit.CreditFixture;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second node's balances on the fixture's billing repository (the shared store): a billing report or a payment
 * recorded on the fixture's node is published, and node B reads that account's ledger again; a full reload reads
 * every account's.
 */
class BalanceChangesTest {
    private final CreditFixture a = new CreditFixture(new BigDecimal("0.5"));
    private final LocalChangeFeed feedB = new LocalChangeFeed();
    private final List<String> published = new ArrayList<>();
    private final Balances balancesB = new Balances(a.directory, new ThresholdRule(a.directory, 5000, 2500),
            a.reservations, a.clock);
    private final BillingService billingB = new BillingService(a.directory, a.billings, RatedSums.NONE, balancesB,
            a.audit, new ThresholdWatch(a.directory, balancesB, Optional::empty, a.audit, a.clock, 80, m -> { }), a.clock);

    BalanceChangesTest() {
        a.billing.publishChangesTo(LocalChangeFeed.relayingTo(feedB, published::add));
        feedB.subscribe(BillingService.CHANGES, ChangeListener.of(billingB::reload, billingB::reloadAll));
    }

    @Test
    void aReportAndAPaymentRecordedOnAReachBsLedger() {
        a.billing.report(CreditFixture.ACME, 990, CreditFixture.T0.minusSeconds(86_400), "billing-system");
        assertThat(balancesB.settledCents(CreditFixture.ACME)).isEqualByComparingTo("990");
        a.billing.pay(CreditFixture.ACME, 500, "bob");
        assertThat(balancesB.settledCents(CreditFixture.ACME)).isEqualByComparingTo("490");
        assertThat(published).containsExactly(BillingService.CHANGES + " acme", BillingService.CHANGES + " acme");
        // an account this node does not know is left alone
        feedB.deliver(BillingService.CHANGES, "ghost");
        assertThat(balancesB.settledCents("ghost")).isEqualByComparingTo("0");
    }

    @Test
    void aFullReloadReadsEveryAccountsLedger() {
        a.billings.putBilling(new Billing(CreditFixture.ACME, 1234, CreditFixture.T0.minusSeconds(60), CreditFixture.T0,
                "billing-system"));
        assertThat(balancesB.settledCents(CreditFixture.ACME)).isEqualByComparingTo("0");
        feedB.reloadAll();
        assertThat(balancesB.settledCents(CreditFixture.ACME)).isEqualByComparingTo("1234");
    }
}
