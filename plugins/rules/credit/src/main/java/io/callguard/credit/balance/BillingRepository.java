package io.callguard.credit.balance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the billing reports and the payments are kept (the store adapter's {@code SqlBillingRepository}). Blocking:
 * call from a worker. Deleting an account deletes its rows.
 */
public interface BillingRepository {
    /** Stores the account's billing report, replacing the previous one. */
    void putBilling(Billing billing);

    Optional<Billing> billing(String accountId);

    /** Every account's billing report (loaded at start). */
    List<Billing> billings();

    /** @throws IllegalStateException its id is already stored */
    void addPayment(Payment payment);

    /** The account's payments recorded at or after {@code since}, oldest first. */
    List<Payment> paymentsSince(String accountId, Instant since);
}
