package io.callguard.credit.balance;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.directory.Directory;
import io.callguard.core.json.CompactJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;

/**
 * The write side of the balances, called by the admin routes on a worker thread (blocking): a billing report, a
 * payment. Order: check the account, persist, update {@link Balances} (the next decision sees it), audit
 * ({@code credit.billing}, {@code credit.payment}, target {@code account:<id>}), then the threshold check (which lifts
 * the automatic suspension when the amount is back under). Writes are serialised.
 */
public final class BillingService {
    public static final String ACTION_BILLING = "credit.billing";
    public static final String ACTION_PAYMENT = "credit.payment";
    private static final Logger LOG = LoggerFactory.getLogger(BillingService.class);

    private final Directory directory;
    private final BillingRepository repository;
    private final RatedSums ratedSums;
    private final Balances balances;
    private final AuditLog audit;
    private final ThresholdWatch watch;
    private final Clock clock;

    /** The kind of change published when a billing report or a payment is recorded; the id is the account's. */
    public static final String CHANGES = "credit.balance";

    /** Where this node's reports and payments are told to the other nodes sharing the store (none by default). */
    private volatile io.callguard.core.cluster.ChangeFeed feed = new io.callguard.core.cluster.LocalChangeFeed();

    /** Publishes each report and payment recorded here ({@link #CHANGES}) after the store write. */
    public void publishChangesTo(io.callguard.core.cluster.ChangeFeed feed) { this.feed = Objects.requireNonNull(feed, "feed"); }

    /**
     * Another node recorded a billing report or a payment of {@code accountId}: its ledger is read again from the
     * store (report, payments and rated calls since the report's asOf), as at start. The threshold watch sees it at
     * its next round. Blocking.
     */
    public synchronized void reload(String accountId) {
        if (accountId == null || directory.account(accountId).isEmpty()) return;
        balances.reloaded(accountId, Balances.read(accountId, repository.billing(accountId), repository, ratedSums));
    }

    /** Every account's ledger read again from the store (the safety net of the notifications). Blocking. */
    public synchronized void reloadAll() { balances.load(repository, ratedSums); }

    public BillingService(Directory directory, BillingRepository repository, RatedSums ratedSums, Balances balances,
                          AuditLog audit, ThresholdWatch watch, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.ratedSums = Objects.requireNonNull(ratedSums, "ratedSums");
        this.balances = Objects.requireNonNull(balances, "balances");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.watch = Objects.requireNonNull(watch, "watch");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records the billing system's report; the outstanding amount becomes {@code unpaidCents} + the calls rated and
     * the payments recorded since {@code asOf}.
     *
     * @throws NoSuchElementException the account is unknown (nothing changed)
     */
    public synchronized Billing report(String accountId, long unpaidCents, Instant asOf, String actor) {
        requireAccount(accountId);
        Instant now = now();
        Billing before = repository.billing(accountId).orElse(null);
        Billing b = new Billing(accountId, unpaidCents, asOf.truncatedTo(ChronoUnit.MILLIS), now, actor);
        repository.putBilling(b);
        balances.replace(accountId, Balances.read(accountId, java.util.Optional.of(b), repository, ratedSums));
        feed.publish(CHANGES, accountId);
        LOG.info("account {}: billing report by {}: unpaid {} cents as of {}", accountId, actor, unpaidCents, b.asOf());
        record(now, actor, ACTION_BILLING, accountId, before == null ? null : json(before), json(b));
        watch.check(accountId);
        return b;
    }

    /**
     * Records a payment, which lowers the outstanding amount at once.
     *
     * @throws NoSuchElementException the account is unknown (nothing changed)
     */
    public synchronized Payment pay(String accountId, long amountCents, String actor) {
        requireAccount(accountId);
        Instant now = now();
        Payment p = new Payment("P" + UUID.randomUUID().toString().replace("-", "").substring(0, 20), accountId,
                amountCents, now, actor);
        repository.addPayment(p);
        balances.paid(p);
        feed.publish(CHANGES, accountId);
        LOG.info("account {}: payment {} of {} cents recorded by {}", accountId, p.id(), amountCents, actor);
        record(now, actor, ACTION_PAYMENT, accountId, null, json(p));
        watch.check(accountId);
        return p;
    }

    private void requireAccount(String accountId) {
        if (accountId == null || directory.account(accountId).isEmpty()) {
            throw new NoSuchElementException("no account '" + accountId + "'");
        }
    }

    /** Milliseconds, as the store keeps them. */
    private Instant now() { return clock.instant().truncatedTo(ChronoUnit.MILLIS); }

    static Map<String, Object> json(Billing b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accountId", b.accountId());
        m.put("unpaidCents", b.unpaidCents());
        m.put("asOf", b.asOf().toString());
        m.put("updatedAt", b.updatedAt().toString());
        m.put("updatedBy", b.updatedBy());
        return m;
    }

    static Map<String, Object> json(Payment p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("accountId", p.accountId());
        m.put("amountCents", p.amountCents());
        m.put("at", p.at().toString());
        m.put("recordedBy", p.recordedBy());
        return m;
    }

    private void record(Instant at, String actor, String action, String accountId, Map<String, Object> before,
                        Map<String, Object> after) {
        AuditEntry entry = AuditEntry.of(at, actor, action, "account:" + accountId,
                before == null ? null : CompactJson.write(before), CompactJson.write(after));
        try {
            audit.append(entry);
        } catch (RuntimeException e) {
            LOG.error("audit entry could not be stored (the change stands): {}", entry, e);
        }
    }
}
