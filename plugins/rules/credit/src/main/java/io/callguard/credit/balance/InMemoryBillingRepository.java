package io.callguard.credit.balance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Billing reports and payments in memory: for tests and a store-less run. */
public final class InMemoryBillingRepository implements BillingRepository {
    private final Map<String, Billing> billings = new ConcurrentHashMap<>();
    private final Map<String, Payment> payments = new ConcurrentHashMap<>();

    @Override public void putBilling(Billing billing) { billings.put(billing.accountId(), billing); }

    @Override public Optional<Billing> billing(String accountId) { return Optional.ofNullable(billings.get(accountId)); }

    @Override public List<Billing> billings() { return List.copyOf(billings.values()); }

    @Override
    public void addPayment(Payment payment) {
        if (payments.putIfAbsent(payment.id(), payment) != null) {
            throw new IllegalStateException("payment " + payment.id() + " is already stored");
        }
    }

    @Override
    public List<Payment> paymentsSince(String accountId, Instant since) {
        List<Payment> out = new ArrayList<>();
        for (Payment p : payments.values()) {
            if (p.accountId().equals(accountId) && !p.at().isBefore(since)) out.add(p);
        }
        out.sort(Comparator.comparing(Payment::at).thenComparing(Payment::id));
        return out;
    }
}
