package io.callguard.credit;

import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
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
import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.core.state.InMemoryCreditReservations;
import io.callguard.core.time.MutableClock;
import io.callguard.credit.balance.Balances;
import io.callguard.credit.balance.BillingService;
import io.callguard.credit.balance.InMemoryBillingRepository;
import io.callguard.credit.balance.RatedSums;
import io.callguard.credit.balance.ThresholdRule;
import io.callguard.credit.balance.ThresholdWatch;
import io.callguard.credit.policy.CreditPolicyParts;
import io.callguard.credit.policy.CreditPolicyProvider;
import io.callguard.credit.rating.DestinationPrice;
import io.callguard.credit.rating.Tariffs;
import io.callguard.suspension.InMemorySuspensionRepository;
import io.callguard.suspension.LiveCallTerminator;
import io.callguard.suspension.SuspensionBook;
import io.callguard.suspension.SuspensionPolicyProvider;
import io.callguard.suspension.SuspensionService;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real decision path for the credit tests: account {@code acme} (tariff plan {@code plan-a}) with T2 trunk
 * {@code trunk-a} (DID {@code 0198765432}), the chain emergency → suspension → credit → default built from the real
 * providers, a real suspension service over an in-memory repository, the balances, billing service and threshold
 * watch of the credit module, and a stub {@link Tariffs} (the rating part is another's): mobiles at 60 cents a
 * minute charged by the second, emergency free, nothing else priced.
 */
public final class CreditFixture {
    public static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    public static final String ACME = "acme";
    public static final String TRUNK = "trunk-a";
    public static final String DID = "0198765432";
    public static final String MOBILE = "0612345678";
    public static final DestinationPrice MOBILE_PRICE = new DestinationPrice("plan-a", 1, "mobile", false,
            BigDecimal.ZERO, new BigDecimal("60"), BigDecimal.ZERO, BigDecimal.ZERO, 1, 1);

    public final MutableClock clock = new MutableClock(T0);
    public final InMemoryDirectory directory = new InMemoryDirectory();
    public final FrenchNumberingPlan plan = FrenchNumberingPlan.withDefaults();
    public final CallTracker tracker = new CallTracker(clock);
    public final InMemoryAuditLog audit = new InMemoryAuditLog();
    public final InMemoryBillingRepository billings = new InMemoryBillingRepository();
    public final InMemoryCreditReservations reservations = new InMemoryCreditReservations();
    public final SuspensionService suspensions;
    public final Balances balances;
    public final ThresholdWatch watch;
    public final BillingService billing;
    public final List<Map<String, Object>> webhooks = Collections.synchronizedList(new ArrayList<>());
    public final PolicyChain chain;
    public final DecisionEngine engine;
    private int sequence;

    public CreditFixture(BigDecimal callShare) {
        this(callShare, r -> r, Map.of(), Map.of());
    }

    /**
     * @param backend         the reservations the policy uses, over the fixture's in-memory ones (a backend in trouble)
     * @param services        more services for the policies (a {@link io.callguard.core.state.StateCalls})
     * @param creditSettings  the credit policy's settings ({@code onStateFailure})
     */
    public CreditFixture(BigDecimal callShare,
                         java.util.function.Function<InMemoryCreditReservations, io.callguard.core.state.CreditReservations> backend,
                         Map<Class<?>, Object> services, Map<String, Object> creditSettings) {
        directory.put(new Account(ACME, "Acme", Account.DEFAULT_MAX_CALL_SECONDS, null, null, null, null, "plan-a"));
        directory.put(new Trunk(TRUNK, ACME, TrunkKind.T2_IP, 30));
        directory.put(new DidNumber(DID, ACME, TRUNK));
        SuspensionBook book = new SuspensionBook();
        suspensions = new SuspensionService(new InMemorySuspensionRepository(), book, directory, audit,
                new LiveCallTerminator(tracker, plan, (ch, cause) -> { }), clock);
        balances = new Balances(directory, new ThresholdRule(directory, 5000, 2500), reservations, clock);
        Consumer<Map<String, Object>> hook = webhooks::add;
        watch = new ThresholdWatch(directory, balances, () -> Optional.of(suspensions), audit, clock, 80, hook);
        balances.onChange(watch::changed); // as the module wires them
        billing = new BillingService(directory, billings, RatedSums.NONE, balances, audit, watch, clock);
        Tariffs tariffs = (planId, category, detail, callee) -> "plan-a".equals(planId) && category == NumberCategory.MOBILE
                ? Optional.of(MOBILE_PRICE) : Optional.empty();
        PolicyRegistry registry = PolicyRegistry.of(List.of(new EmergencyPolicyProvider(), new SuspensionPolicyProvider(),
                new CreditPolicyProvider(), new DefaultPolicyProvider()));
        Map<Class<?>, Object> all = new java.util.HashMap<>(services);
        all.putAll(Map.of(SuspensionBook.class, book, CreditPolicyParts.class, new CreditPolicyParts(balances,
                backend.apply(reservations), () -> Optional.of(tariffs), callShare)));
        PolicyEnvironment env = new PolicyEnvironment(directory, plan, clock, Map.of(), all);
        chain = registry.build(List.of("emergency", "suspension", "credit", "default"), env,
                creditSettings.isEmpty() ? Map.of() : Map.of("credit", creditSettings));
        engine = new DecisionEngine(directory, plan, chain, clock, List.of(tracker));
    }

    /** Sets acme's threshold (null: the computed default). */
    public void threshold(Long cents) {
        directory.put(new Account(ACME, "Acme", Account.DEFAULT_MAX_CALL_SECONDS, null, null, null, cents, "plan-a"));
    }

    public String nextId() { return "1770000000." + (++sequence); }

    public Decision outbound(String dialled) { return outbound(nextId(), dialled); }

    public Decision outbound(String id, String dialled) {
        return decide(new CallRequest(Direction.OUTBOUND, "", TRUNK, "0140000000", dialled, "PJSIP/" + TRUNK + "-" + id, id));
    }

    public Decision inbound() {
        String id = nextId();
        return decide(new CallRequest(Direction.INBOUND, "", "carrier", MOBILE, DID, "PJSIP/carrier-" + id, id));
    }

    public Decision decide(CallRequest request) {
        try {
            return engine.decide(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** An answered call of acme to a mobile, ended now, as the rater tells it (its rating {@code cents}). */
    public void rated(String uniqueId, String cents) {
        Instant end = clock.instant();
        CallRecord r = new CallRecord(uniqueId, uniqueId, ACME, TRUNK, Direction.OUTBOUND, "0140000000", MOBILE, MOBILE,
                NumberCategory.MOBILE, "", "ALLOW", "", end.minusSeconds(100), end.minusSeconds(95), end, 95,
                Disposition.ANSWERED, 16, "ast1", false);
        balances.rated(r, new CallRating("plan-a", 1, "mobile", 95, new BigDecimal(cents)));
    }
}
