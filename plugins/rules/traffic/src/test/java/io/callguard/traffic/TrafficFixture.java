package io.callguard.traffic;

import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.CallRequest;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.DecisionEngine;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyRegistry;
import io.callguard.core.policy.builtin.DefaultPolicyProvider;
import io.callguard.core.policy.builtin.EmergencyPolicyProvider;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.core.records.InMemoryRecordRepository;
import io.callguard.core.time.MutableClock;
import io.callguard.suspension.InMemorySuspensionRepository;
import io.callguard.suspension.LiveCallTerminator;
import io.callguard.suspension.Suspension;
import io.callguard.suspension.SuspensionBook;
import io.callguard.suspension.SuspensionPolicyProvider;
import io.callguard.suspension.SuspensionService;
import io.callguard.traffic.measures.TrafficMeasures;
import io.callguard.traffic.rules.InMemoryTrafficRuleRepository;
import io.callguard.traffic.rules.RuleAction;
import io.callguard.traffic.rules.RuleSet;
import io.callguard.traffic.rules.RuleSetting;
import io.callguard.traffic.rules.TrafficRule;
import io.callguard.traffic.rules.TrafficRules;
import io.callguard.traffic.watch.ConsumptionBaseline;
import io.callguard.traffic.watch.TrafficWatch;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Account {@code acme} with trunk {@code trunk-a}, the real suspension service and chain emergency → suspension →
 * default, and the traffic module's measures, rules and watch over in-memory stores.
 */
final class TrafficFixture {
    static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z"); // a Monday, 10:00 in Paris
    static final String ACME = "acme";
    static final String TRUNK = "trunk-a";

    final MutableClock clock = new MutableClock(T0);
    final InMemoryDirectory directory = new InMemoryDirectory();
    final FrenchNumberingPlan plan = FrenchNumberingPlan.withDefaults();
    final CallTracker tracker = new CallTracker(clock);
    final InMemoryAuditLog audit = new InMemoryAuditLog();
    final InMemoryRecordRepository records = new InMemoryRecordRepository();
    final SuspensionService suspensions;
    final TrafficMeasures measures = new TrafficMeasures(clock);
    final TrafficRules rules;
    final TrafficWatch watch;
    final DecisionEngine engine;
    private int sequence;

    TrafficFixture(Consumer<Map<String, Object>> webhook) {
        directory.put(new Account(ACME, "Acme", Account.DEFAULT_MAX_CALL_SECONDS, null, null, null, null, ""));
        directory.put(new Trunk(TRUNK, ACME, TrunkKind.T2_IP, 30));
        SuspensionBook book = new SuspensionBook();
        suspensions = new SuspensionService(new InMemorySuspensionRepository(), book, directory, audit,
                new LiveCallTerminator(tracker, plan, (ch, cause) -> { }), clock);
        RuleSetting d = new RuleSetting(RuleAction.OFF, new BigDecimal("0.5"), 40, new BigDecimal("3"), 50);
        // as the module's options default: the call-record rules off, SIP_TRANSACTION_RATE alert (today's behaviour)
        rules = new TrafficRules(new InMemoryTrafficRuleRepository(), new RuleSet(Map.of(TrafficRule.LOW_ASR, d,
                TrafficRule.SHORT_CALLS, d, TrafficRule.ABNORMAL_CONSUMPTION, d,
                TrafficRule.SIP_TRANSACTION_RATE, d.withAction(RuleAction.ALERT))), audit, clock);
        watch = new TrafficWatch(measures, rules, new ConsumptionBaseline(records), () -> Optional.of(suspensions),
                audit, clock, webhook);
        PolicyRegistry registry = PolicyRegistry.of(List.of(new EmergencyPolicyProvider(), new SuspensionPolicyProvider(),
                new DefaultPolicyProvider()));
        PolicyEnvironment env = new PolicyEnvironment(directory, plan, clock, Map.of(), Map.of(SuspensionBook.class, book));
        PolicyChain chain = registry.build(List.of("emergency", "suspension", "default"), env, Map.of());
        engine = new DecisionEngine(directory, plan, chain, clock, List.of(tracker));
    }

    void rule(TrafficRule rule, RuleAction action) {
        RuleSet current = rules.of(ACME);
        java.util.EnumMap<TrafficRule, RuleSetting> m = new java.util.EnumMap<>(current.settings());
        m.put(rule, current.get(rule).withAction(action));
        rules.write(ACME, new RuleSet(m), "alice");
    }

    /** {@code calls} outbound calls of acme to mobiles, one a second, of which the first {@code answered} answered 60 s. */
    void replay(int calls, int answered) throws Exception {
        for (int i = 0; i < calls; i++) {
            watch.recorded(call(i < answered, 60));
            clock.advance(java.time.Duration.ofSeconds(1));
        }
        watch.drain();
    }

    CallRecord call(boolean answered, long seconds) {
        String id = "1770000000." + (++sequence);
        Instant end = clock.instant();
        Instant start = end.minusSeconds(answered ? seconds + 5 : 20);
        String callee = String.format("06%08d", sequence);
        return new CallRecord(id, id, ACME, TRUNK, Direction.OUTBOUND, "0140000000", callee, callee,
                NumberCategory.MOBILE, "", "ALLOW", "", start, answered ? end.minusSeconds(seconds) : null, end,
                answered ? seconds : 0, answered ? Disposition.ANSWERED : Disposition.NO_ANSWER, 16, "ast1", false);
    }

    List<Suspension> open() { return suspensions.book().openFor(ACME); }

    Decision outbound(String dialled) {
        String id = "1770009999." + (++sequence);
        try {
            return engine.decide(new CallRequest(Direction.OUTBOUND, "", TRUNK, "0140000000", dialled,
                    "PJSIP/" + TRUNK + "-" + id, id)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
