package io.callguard.credit.balance;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.Directory;
import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import io.callguard.core.state.CreditReservations;
import io.callguard.core.state.StateCalls;
import io.callguard.credit.rating.RatedCallListener;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every account's outstanding amount, in memory (the decision path and the balance routes read it; no store read):
 * the {@link Ledger} of its billing report, payments and rated calls, plus the live calls' credit reservations of the
 * state port. Hears each rated call ({@link RatedCallListener}): its amount is added when the call ended at or after
 * the report's {@code asOf}, its reservation given back, and {@code changed} told of the account (the automatic
 * suspension's check, which runs elsewhere: this is called on the thread that ended the call and must not block).
 */
public final class Balances implements RatedCallListener {
    /** Its name in the state failures' counts and log lines. */
    static final String NAME = "credit-balances";
    private final ConcurrentHashMap<String, Ledger> ledgers = new ConcurrentHashMap<>();
    private final Directory directory;
    private final ThresholdRule rule;
    private final CreditReservations reservations;
    private final Clock clock;
    private final StateCalls state;
    private volatile Consumer<String> changed = id -> { };

    public Balances(Directory directory, ThresholdRule rule, CreditReservations reservations, Clock clock) {
        this(directory, rule, reservations, clock, StateCalls.defaults(clock));
    }

    /** @param state reports the failures of the reservations given back without waiting ({@link #rated}) */
    public Balances(Directory directory, ThresholdRule rule, CreditReservations reservations, Clock clock,
                    StateCalls state) {
        this.state = Objects.requireNonNull(state, "state");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.reservations = Objects.requireNonNull(reservations, "reservations");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Who is told, with the account id, after each change of a settled amount (quick, non-blocking). */
    public void onChange(Consumer<String> listener) { this.changed = Objects.requireNonNull(listener, "listener"); }

    /**
     * The ledger of an account from what the store holds: its billing report (or none), the calls rated and the
     * payments recorded since its {@code asOf}. Blocking (reads the store).
     */
    static Ledger read(String accountId, Optional<Billing> billing, BillingRepository repository, RatedSums sums) {
        long unpaid = billing.map(Billing::unpaidCents).orElse(0L);
        Instant asOf = billing.map(Billing::asOf).orElse(Instant.EPOCH);
        BigDecimal paid = BigDecimal.ZERO;
        for (Payment p : repository.paymentsSince(accountId, asOf)) paid = paid.add(BigDecimal.valueOf(p.amountCents()));
        return new Ledger(unpaid, asOf, sums.ratedSince(accountId, asOf), paid);
    }

    /** Loads every account of the directory (at start, before the first decision). Blocking. */
    public int load(BillingRepository repository, RatedSums sums) {
        int n = 0;
        for (Account a : directory.accounts()) {
            ledgers.put(a.id(), read(a.id(), repository.billing(a.id()), repository, sums));
            n++;
        }
        return n;
    }

    /** Replaces an account's ledger (a new billing report). */
    void replace(String accountId, Ledger ledger) {
        ledgers.put(accountId, ledger);
        changed.accept(accountId);
    }

    /** Replaces an account's ledger with the store's, read after another node's change (nobody told: the watch polls). */
    void reloaded(String accountId, Ledger ledger) { ledgers.put(accountId, ledger); }

    /** A payment recorded now lowers the settled amount (when at or after the report's asOf). */
    void paid(Payment p) {
        ledgers.compute(p.accountId(), (k, l) -> {
            Ledger base = l == null ? Ledger.EMPTY : l;
            return p.at().isBefore(base.asOf()) ? base : base.plusPaid(p.amountCents());
        });
        changed.accept(p.accountId());
    }

    @Override
    public void rated(CallRecord call, CallRating rating) {
        if (call == null || call.accountId() == null || call.accountId().isEmpty()) return;
        // the call is over: its real cost replaces its promise; not waited for (this thread must not block)
        state.inBackground(NAME, "release credit of " + call.accountId(),
                reservations.releaseAsync(call.accountId(), call.uniqueId()));
        if (rating == null || rating.amountCents() == null || rating.amountCents().signum() <= 0) return;
        Instant ended = call.endedAt() == null ? clock.instant() : call.endedAt();
        ledgers.compute(call.accountId(), (k, l) -> {
            Ledger base = l == null ? Ledger.EMPTY : l;
            return ended.isBefore(base.asOf()) ? base : base.plusRated(rating.amountCents());
        });
        changed.accept(call.accountId());
    }

    /** Unpaid + rated since asOf − paid since asOf, without the live calls. */
    public BigDecimal settledCents(String accountId) {
        return ledgers.getOrDefault(accountId, Ledger.EMPTY).settledCents();
    }

    /** The threshold of the account (its own or the computed default). */
    public long thresholdCents(Account account) { return rule.thresholdCents(account); }

    /**
     * What the account's live calls may reserve together: its threshold minus its settled amount (may be negative).
     * Read on the decision path: memory only.
     */
    public BigDecimal creditForCalls(Account account) {
        return BigDecimal.valueOf(rule.thresholdCents(account)).subtract(settledCents(account.id()));
    }

    /** The balance of a known account at {@code now}; empty for an unknown one. */
    public Optional<Balance> balance(String accountId, Instant now) {
        Optional<Account> account = directory.account(accountId);
        if (account.isEmpty()) return Optional.empty();
        Ledger l = ledgers.getOrDefault(accountId, Ledger.EMPTY);
        BigDecimal settled = l.settledCents();
        BigDecimal live = reservations.reserved(accountId, now);
        return Optional.of(new Balance(settled.add(live), settled, rule.thresholdCents(account.get()),
                l.asOf().equals(Instant.EPOCH) ? null : l.asOf(), reservations.count(accountId, now)));
    }

    /** Forgets a deleted account. */
    void drop(String accountId) { ledgers.remove(accountId); }
}
