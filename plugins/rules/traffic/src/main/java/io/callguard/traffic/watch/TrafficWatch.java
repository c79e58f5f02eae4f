package io.callguard.traffic.watch;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.json.CompactJson;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.CallRecordListener;
import io.callguard.core.sip.SipTransactionRateListener;
import io.callguard.suspension.SuspendCommand;
import io.callguard.suspension.Suspension;
import io.callguard.suspension.SuspensionService;
import io.callguard.traffic.measures.TrafficFigures;
import io.callguard.traffic.measures.TrafficMeasures;
import io.callguard.traffic.rules.RuleAction;
import io.callguard.traffic.rules.RuleSet;
import io.callguard.traffic.rules.RuleSetting;
import io.callguard.traffic.rules.TrafficRule;
import io.callguard.traffic.rules.TrafficRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Hears every finished call's record: counts it in the measures, then checks the account's rules for today on this
 * watch's own thread (the suspension service and the baseline block on the store). A rule fires at most once per
 * account and Paris day (its crossing), never under its minimum sample: {@code alert} logs, audits
 * ({@code traffic.alert}), posts the webhook and counts; {@code suspend} suspends the whole account through the
 * suspension service with the rule's reason, actor {@code system} (emergency calls and inbound calls still go), unless
 * a system suspension for that reason is already open.
 *
 * <p>It also hears the sip-rates module's R5 crossings ({@link SipTransactionRateListener}): the account's
 * {@code SIP_TRANSACTION_RATE} rule is applied the same way, on the same thread, once per account and Paris day, with
 * no minimum sample (the limit per second is sip-rates' own).
 */
public final class TrafficWatch implements CallRecordListener, SipTransactionRateListener, AutoCloseable {
    public static final String ACTION_ALERT = "traffic.alert";
    private static final Logger LOG = LoggerFactory.getLogger(TrafficWatch.class);

    private final TrafficMeasures measures;
    private final TrafficRules rules;
    private final ConsumptionBaseline baseline;
    private final Supplier<Optional<SuspensionService>> suspensions;
    private final AuditLog audit;
    private final Clock clock;
    private final Consumer<Map<String, Object>> webhook;
    /** Accounts whose check is queued and not started: one at a time per account. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /** account|day|rule of the crossings already acted on. */
    private final Set<String> fired = ConcurrentHashMap.newKeySet();
    private final Map<TrafficRule, AtomicLong> alerts = new EnumMap<>(TrafficRule.class);
    private final Map<TrafficRule, AtomicLong> suspended = new EnumMap<>(TrafficRule.class);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "traffic-watch");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param baseline    null: ABNORMAL_CONSUMPTION never fires (no call records store)
     * @param suspensions asked at each suspension (its module may start after this one)
     */
    public TrafficWatch(TrafficMeasures measures, TrafficRules rules, ConsumptionBaseline baseline,
                        Supplier<Optional<SuspensionService>> suspensions, AuditLog audit, Clock clock,
                        Consumer<Map<String, Object>> webhook) {
        this.measures = Objects.requireNonNull(measures, "measures");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.baseline = baseline;
        this.suspensions = Objects.requireNonNull(suspensions, "suspensions");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.webhook = Objects.requireNonNull(webhook, "webhook");
        for (TrafficRule r : TrafficRule.values()) {
            alerts.put(r, new AtomicLong());
            suspended.put(r, new AtomicLong());
        }
    }

    /**
     * Non-blocking: counts the record, queues the check of its account unless one is queued already (a busy account's
     * records coalesce into one check of the figures as they then stand, not one check per record) or every rule of
     * the account is off (the default: no thread woken per call for nothing).
     */
    @Override
    public void recorded(CallRecord record) {
        if (!measures.add(record)) return;
        String account = record.accountId();
        if (!anyRuleOn(rules.of(account))) return;
        if (!queued.add(account)) return;
        try {
            worker.execute(() -> {
                queued.remove(account); // before reading: a record arriving during the check queues the next one
                check(account);
            });
        } catch (RejectedExecutionException e) {
            queued.remove(account);
            LOG.debug("traffic check of {} after stop: skipped", account);
        }
    }

    /** Whether one of the rules read from call records is on in {@code set}. */
    private static boolean anyRuleOn(RuleSet set) {
        for (TrafficRule rule : TrafficRule.values()) {
            if (rule.fromCallRecords() && set.get(rule).action() != RuleAction.OFF) return true;
        }
        return false;
    }

    /** Checks the account's rules against today's figures. Blocking; serialised. */
    public synchronized void check(String accountId) {
        LocalDate today = measures.today();
        RuleSet set = rules.of(accountId);
        if (!anyRuleOn(set)) return; // every rule off for this account (the default): no figures to read
        TrafficFigures day = measures.day(accountId, today, set.get(TrafficRule.SHORT_CALLS).thresholdSeconds());
        for (TrafficRule rule : TrafficRule.values()) {
            if (!rule.fromCallRecords()) continue;
            RuleSetting s = set.get(rule);
            if (s.action() == RuleAction.OFF || day.placed() < s.minCalls()) continue;
            String key = accountId + "|" + today + "|" + rule;
            if (fired.contains(key)) continue;
            try {
                String why = crossed(rule, s, day, accountId, today);
                if (why == null) continue;
                if (s.action() == RuleAction.ALERT) alert(accountId, today, rule, why, day.json());
                else suspend(accountId, rule, why);
                fired.add(key); // only once acted on: a suspension the store refused is tried again
            } catch (RuntimeException e) {
                // the next record of the account checks again
                LOG.error("traffic rule {} of account {} could not be checked: {}", rule, accountId, e.toString(), e);
            }
        }
    }

    /** What crossed, or null. */
    private String crossed(TrafficRule rule, RuleSetting s, TrafficFigures day, String accountId, LocalDate today) {
        return switch (rule) {
            case LOW_ASR -> day.asr().compareTo(s.threshold()) < 0
                    ? "daily ASR " + day.asr().toPlainString() + " under " + s.threshold().toPlainString() + " ("
                    + day.answered() + " answered of " + day.placed() + " placed)" : null;
            case SHORT_CALLS -> day.answered() > 0 && day.acdSeconds().compareTo(BigDecimal.valueOf(s.thresholdSeconds())) < 0
                    ? "daily average call duration " + day.acdSeconds().toPlainString() + " s under " + s.thresholdSeconds()
                    + " s (" + day.answered() + " answered calls)" : null;
            case ABNORMAL_CONSUMPTION -> {
                if (baseline == null) yield null;
                long ref = baseline.averageSeconds(accountId, today);
                yield ref > 0 && BigDecimal.valueOf(day.billableSeconds()).compareTo(s.factor().multiply(BigDecimal.valueOf(ref))) > 0
                        ? "consumption " + day.billableSeconds() + " s today over " + s.factor().toPlainString()
                        + " x the same-weekday average of " + ref + " s" : null;
            }
            case SIP_TRANSACTION_RATE -> null; // told by sip-rates, see overTransactionRate
        };
    }

    /** Non-blocking (told on the SIP capture's event thread): queues the account's SIP_TRANSACTION_RATE rule. */
    @Override
    public void overTransactionRate(String accountId, String sourceAddress, int limitPerSecond, Instant at) {
        try {
            worker.execute(() -> transactionRate(accountId, sourceAddress, limitPerSecond, at));
        } catch (RejectedExecutionException e) {
            LOG.debug("SIP transaction rate of {} after stop: skipped", accountId);
        }
    }

    /** Applies the account's SIP_TRANSACTION_RATE rule to a crossing, once per Paris day. Blocking; serialised. */
    public synchronized void transactionRate(String accountId, String sourceAddress, int limitPerSecond, Instant at) {
        TrafficRule rule = TrafficRule.SIP_TRANSACTION_RATE;
        RuleSet set = rules.of(accountId);
        RuleSetting s = set.get(rule);
        if (s.action() == RuleAction.OFF) return;
        LocalDate day = LocalDate.ofInstant(at, TrafficMeasures.ZONE);
        String key = accountId + "|" + day + "|" + rule;
        if (fired.contains(key)) return;
        String why = "more than " + limitPerSecond + " SIP transactions in one second from " + sourceAddress;
        try {
            if (s.action() == RuleAction.ALERT) {
                Map<String, Object> figures = new LinkedHashMap<>(measures.day(accountId, day,
                        set.get(TrafficRule.SHORT_CALLS).thresholdSeconds()).json());
                figures.put("limitPerSecond", limitPerSecond);
                figures.put("sourceAddress", sourceAddress);
                alert(accountId, day, rule, why, figures);
            } else {
                suspend(accountId, rule, why);
            }
            fired.add(key); // only once acted on: a suspension the store refused is tried at the next crossing
        } catch (RuntimeException e) {
            LOG.error("traffic rule {} of account {} could not be applied: {}", rule, accountId, e.toString(), e);
        }
    }

    private void alert(String accountId, LocalDate day, TrafficRule rule, String why, Map<String, Object> figures) {
        alerts.get(rule).incrementAndGet();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", ACTION_ALERT);
        m.put("rule", rule.name());
        m.put("accountId", accountId);
        m.put("day", day.toString());
        m.put("detail", why);
        m.put("figures", figures);
        m.put("at", clock.instant().toString());
        LOG.warn("account {}: traffic rule {} crossed: {}", accountId, rule, why);
        try {
            audit.append(AuditEntry.of(clock.instant(), SuspensionService.SYSTEM_ACTOR, ACTION_ALERT,
                    "account:" + accountId, null, CompactJson.write(m)));
        } catch (RuntimeException e) {
            LOG.error("audit entry {} of account {} could not be stored: {}", ACTION_ALERT, accountId, e.toString());
        }
        webhook.accept(m);
    }

    private void suspend(String accountId, TrafficRule rule, String why) {
        SuspensionService service = suspensions.get().orElse(null);
        if (service == null) {
            LOG.warn("account {}: traffic rule {} says suspend ({}) but no suspension service is started", accountId, rule, why);
            return;
        }
        boolean open = service.book().openFor(accountId).stream().anyMatch(x -> x.reason() == rule.reason()
                && x.accountWide() && SuspensionService.SYSTEM_ACTOR.equals(x.createdBy()));
        if (open) return;
        String note = rule == TrafficRule.ABNORMAL_CONSUMPTION ? why + ": suspended to protect the client (CGV 12.1)"
                : why + " (CGV 12.1)";
        Suspension s = service.suspend(SuspendCommand.now(accountId, null, rule.reason(), note, SuspensionService.SYSTEM_ACTOR));
        suspended.get(rule).incrementAndGet();
        LOG.warn("account {} suspended ({}, {}): {}", accountId, s.id(), rule.reason().code(), why);
    }

    /** Alerts sent per rule since start (the metric). */
    public long alerts(TrafficRule rule) { return alerts.get(rule).get(); }

    /** Suspensions made per rule since start. */
    public long suspensions(TrafficRule rule) { return suspended.get(rule).get(); }

    /** Forgets the crossings of days before yesterday (the module's timer). */
    public void trim() {
        LocalDate oldest = measures.oldestKept();
        fired.removeIf(k -> LocalDate.parse(k.split("\\|")[1]).isBefore(oldest));
        if (baseline != null) baseline.forgetBefore(oldest);
    }

    /** Waits for the checks queued so far (tests, stop). */
    public void drain() throws Exception {
        worker.submit(() -> { }).get();
    }

    @Override
    public void close() { worker.shutdownNow(); }
}
