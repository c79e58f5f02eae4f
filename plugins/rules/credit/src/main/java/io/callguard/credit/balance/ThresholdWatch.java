package io.callguard.credit.balance;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.Directory;
import io.callguard.core.json.CompactJson;
import io.callguard.suspension.AlreadyEndedException;
import io.callguard.suspension.SuspendCommand;
import io.callguard.suspension.Suspension;
import io.callguard.suspension.SuspensionReason;
import io.callguard.suspension.SuspensionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The automatic suspension of R3 (CGV 8.2): when an account's settled outstanding amount reaches its threshold, a
 * {@code CREDIT_THRESHOLD} suspension of the whole account, actor {@code system}, through the suspension service (so
 * emergency-only, inbound kept and audit apply as for any other); when it is back under (a payment, a billing report,
 * a raised threshold), that suspension — only the system's {@code CREDIT_THRESHOLD} ones, never another reason's or
 * one the operator set — is lifted by {@code system}. Before it, the warning level ({@code credit.warnPercent}): a
 * log line, an audit entry {@code credit.warning} and, when configured, a webhook, once per crossing (again only after
 * the amount went back under the level).
 *
 * <p>The live calls' reservations are not counted here: they never exceed the available credit, and a promise is not
 * a debt. {@link #changed} queues a check on this watch's own thread (the suspension service blocks on the store);
 * {@link #checkAll} (the module's one-second timer: a threshold changed through the account routes) runs on the
 * caller's. Checks are serialised.
 */
public final class ThresholdWatch implements AutoCloseable {
    public static final String ACTION_WARNING = "credit.warning";
    private static final Logger LOG = LoggerFactory.getLogger(ThresholdWatch.class);

    private final Directory directory;
    private final Balances balances;
    private final Supplier<Optional<SuspensionService>> suspensions;
    private final AuditLog audit;
    private final Clock clock;
    private final int warnPercent;
    private final Consumer<Map<String, Object>> webhook;
    private volatile boolean noSuspensionsSaid;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "credit-threshold");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param suspensions the suspension service, asked at each check (its module may start after this one)
     * @param webhook     posts a warning's JSON (fire and forget), or does nothing */
    public ThresholdWatch(Directory directory, Balances balances, Supplier<Optional<SuspensionService>> suspensions, AuditLog audit,
                          Clock clock, int warnPercent, Consumer<Map<String, Object>> webhook) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.balances = Objects.requireNonNull(balances, "balances");
        this.suspensions = Objects.requireNonNull(suspensions, "suspensions");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.warnPercent = warnPercent;
        this.webhook = Objects.requireNonNull(webhook, "webhook");
    }

    /** Queues a check of the account (non-blocking: called on the thread that rated a call). */
    public void changed(String accountId) {
        try {
            worker.execute(() -> check(accountId));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("credit check of {} after stop: skipped", accountId);
        }
    }

    /** Checks every account (blocking when it suspends or lifts). */
    public void checkAll() {
        for (Account a : directory.accounts()) check(a.id());
    }

    /** Suspends, lifts or warns as the account's amount and threshold say now. Blocking; serialised. */
    public synchronized void check(String accountId) {
        Account account = directory.account(accountId).orElse(null);
        if (account == null) return;
        try {
            BigDecimal settled = balances.settledCents(accountId);
            long threshold = balances.thresholdCents(account);
            SuspensionService service = suspensions.get().orElse(null);
            if (service == null) {
                if (!noSuspensionsSaid) LOG.warn("no suspension service (module 'suspension' not started): the credit "
                        + "threshold suspends nobody");
                noSuspensionsSaid = true;
                warnIfCrossed(account, settled, threshold);
                return;
            }
            List<Suspension> mine = service.book().openFor(accountId).stream()
                    .filter(ThresholdWatch::isAutomatic).toList();
            // an account that owes nothing is never suspended, even with a threshold of 0
            if (settled.signum() > 0 && settled.compareTo(BigDecimal.valueOf(threshold)) >= 0) {
                if (mine.isEmpty()) {
                    Suspension s = service.suspend(SuspendCommand.now(accountId, null, SuspensionReason.CREDIT_THRESHOLD,
                            "outstanding " + settled.stripTrailingZeros().toPlainString() + " cents reached the credit "
                                    + "threshold of " + threshold + " cents", SuspensionService.SYSTEM_ACTOR));
                    LOG.info("account {} suspended ({}): outstanding {} cents >= threshold {} cents (CGV 8.2)", accountId,
                            s.id(), settled.toPlainString(), threshold);
                }
            } else {
                for (Suspension s : mine) {
                    try {
                        service.lift(accountId, s.id(), SuspensionService.SYSTEM_ACTOR);
                        LOG.info("account {}: suspension {} lifted, outstanding {} cents < threshold {} cents",
                                accountId, s.id(), settled.toPlainString(), threshold);
                    } catch (AlreadyEndedException e) {
                        LOG.debug("suspension {} already ended", s.id());
                    }
                }
            }
            warnIfCrossed(account, settled, threshold);
        } catch (RuntimeException e) {
            // the next change or the one-second timer checks again
            LOG.error("credit threshold check of account {} failed: {}", accountId, e.toString(), e);
        }
    }

    /** A CREDIT_THRESHOLD suspension of the whole account that this watch set (not one the operator set). */
    static boolean isAutomatic(Suspension s) {
        return s.reason() == SuspensionReason.CREDIT_THRESHOLD && s.accountWide()
                && SuspensionService.SYSTEM_ACTOR.equals(s.createdBy());
    }

    private void warnIfCrossed(Account account, BigDecimal settled, long threshold) {
        if (warnPercent <= 0) return;
        BigDecimal level = BigDecimal.valueOf(threshold).multiply(BigDecimal.valueOf(warnPercent)).movePointLeft(2);
        if (settled.compareTo(level) < 0) {
            warned.remove(account.id());
            return;
        }
        if (!warned.add(account.id())) return;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", ACTION_WARNING);
        m.put("accountId", account.id());
        m.put("outstandingCents", settled.toPlainString());
        m.put("thresholdCents", threshold);
        m.put("warnPercent", warnPercent);
        m.put("at", clock.instant().toString());
        LOG.warn("account {}: outstanding {} cents reached {} % of its credit threshold ({} cents)", account.id(),
                settled.toPlainString(), warnPercent, threshold);
        try {
            audit.append(AuditEntry.of(clock.instant(), SuspensionService.SYSTEM_ACTOR, ACTION_WARNING,
                    "account:" + account.id(), null, CompactJson.write(m)));
        } catch (RuntimeException e) {
            LOG.error("audit entry {} of account {} could not be stored: {}", ACTION_WARNING, account.id(), e.toString());
        }
        webhook.accept(m);
    }

    /** Forgets a deleted account's warning state. */
    void drop(String accountId) { warned.remove(accountId); }

    @Override
    public void close() { worker.shutdownNow(); }
}
