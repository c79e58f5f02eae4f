package io.callguard.store;

import io.callguard.core.directory.Account;
import io.callguard.credit.balance.Billing;
import io.callguard.credit.balance.Payment;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link SqlBillingRepository} and the account's credit columns (V10) must do on every database behind {@link Store}. */
interface BillingRepositoryContract {
    Instant AS_OF = Instant.parse("2026-12-01T00:00:00Z");

    /** An open, empty store (no accounts). */
    Store store();

    @Test
    default void anAccountKeepsItsCreditThresholdAndTariffPlanOrTheirAbsence() {
        Account set = new Account("acme", "Acme", 7200, null, null, null, 1000L, "plan-a");
        Account unset = new Account("globex", "Globex", 3600);
        store().insertAccount(set);
        store().insertAccount(unset);
        assertThat(store().findAccount("acme")).contains(set);
        assertThat(store().findAccount("globex")).contains(unset);
        Account changed = new Account("acme", "Acme", 7200, null, null, null, null, null);
        assertThat(store().updateAccount(changed)).isTrue();
        assertThat(store().findAccount("acme")).contains(changed);
    }

    @Test
    default void billingReportsReplaceEachOtherAndPaymentsAreListedSinceAnInstant() {
        store().insertAccount(new Account("acme", "Acme", 7200));
        store().insertAccount(new Account("globex", "Globex", 7200));
        SqlBillingRepository repo = new SqlBillingRepository(store());
        assertThat(repo.billing("acme")).isEmpty();
        Billing first = new Billing("acme", 990, AS_OF, AS_OF.plusSeconds(60), "billing-system");
        repo.putBilling(first);
        assertThat(repo.billing("acme")).contains(first);
        Billing second = new Billing("acme", 1200, AS_OF.plusSeconds(86_400), AS_OF.plusSeconds(86_460), "alice");
        repo.putBilling(second);
        assertThat(repo.billing("acme")).contains(second);
        assertThat(repo.billings()).containsExactly(second);

        Payment early = new Payment("P1", "acme", 500, AS_OF.plusSeconds(10), "bob");
        Payment late = new Payment("P2", "acme", 250, AS_OF.plusSeconds(100_000), "bob");
        repo.addPayment(late);
        repo.addPayment(early);
        repo.addPayment(new Payment("P3", "globex", 100, AS_OF.plusSeconds(100_000), "bob"));
        assertThat(repo.paymentsSince("acme", AS_OF)).containsExactly(early, late);
        assertThat(repo.paymentsSince("acme", AS_OF.plusSeconds(86_400))).containsExactly(late);
        assertThatThrownBy(() -> repo.addPayment(early)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> repo.addPayment(new Payment("P4", "nobody", 1, AS_OF, "bob")))
                .isInstanceOf(UnknownReferenceException.class);
        assertThatThrownBy(() -> repo.putBilling(new Billing("nobody", 1, AS_OF, AS_OF, "bob")))
                .isInstanceOf(UnknownReferenceException.class);

        assertThat(store().deleteAccount("acme")).isTrue();
        assertThat(repo.billing("acme")).isEmpty();
        assertThat(repo.paymentsSince("acme", Instant.EPOCH)).isEmpty();
    }
}
