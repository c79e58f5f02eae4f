package io.callguard.bench.jmh;

import io.callguard.caps.CallCaps;
import io.callguard.caps.CapsSettings;
import io.callguard.caps.ChannelCapPolicy;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.limits.Allocations;
import io.callguard.core.limits.InMemoryAllocations;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.CallRequest;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.DecisionEngine;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.module.RuleModules;
import io.callguard.core.policy.PolicyRegistry;
import io.callguard.suspension.Suspension;
import io.callguard.suspension.SuspensionBook;
import io.callguard.suspension.SuspensionReason;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The decision path of a running callguard, in memory: a small directory, the default policy chain built from the
 * core's and the rule modules' providers ({@link PolicyRegistry#withBuiltIns}, each module's {@code policies()}) with
 * the server's default settings, and a {@link DecisionEngine} whose listener is
 * the {@link CallTracker}. Wired as {@code io.callguard.server.CallguardApp} does it (same services in the policy
 * environment; the call caps registered with the tracker so that a hang-up frees the call's trunk slot), minus the
 * store, the sockets and the timers. Plain Java, so that tests can drive it without JMH.
 *
 * <p>Directory: account {@value #ACCOUNT} (trunk {@value #TRUNK}, numbers {@value #GEOGRAPHIC_DID} and the 089
 * number {@value #TARIFF_DID} at 0.80 €/min with the announcement on), account {@value #SUSPENDED_ACCOUNT} (trunk
 * {@value #SUSPENDED_TRUNK}, an active account-wide suspension), account {@value #OTHER_ACCOUNT} (trunk
 * {@value #OTHER_TRUNK}). Trunks are T2 IP with {@value #CHANNELS} channels.
 */
public final class DecisionFixture {
    /** The shipped {@code policies} list (ConfigKeys of the server), in its order. */
    public static final List<String> DEFAULT_POLICIES =
            List.of("emergency", "suspension", "calls-per-second", "channel-cap", "tariff-announcement", "default");

    public static final String ACCOUNT = "acme";
    public static final String TRUNK = "trunk-a";
    public static final String SUSPENDED_ACCOUNT = "globex";
    public static final String SUSPENDED_TRUNK = "trunk-b";
    public static final String OTHER_ACCOUNT = "brevis";
    public static final String OTHER_TRUNK = "trunk-c";
    public static final int CHANNELS = 30;
    public static final String GEOGRAPHIC_DID = "0198765432";
    public static final String TARIFF_DID = "0899123456";
    /** What R9 announces on a call to {@link #TARIFF_DID}: 0.80 € per minute on an 089 number. */
    public static final String TARIFF_PROMPT = "callguard/tariff/089-080-min";
    public static final String MOBILE = "0612345678";
    public static final String EMERGENCY = "112";
    public static final String CALLER = "0198765432";
    /** The operator's carrier endpoint that inbound calls come from. */
    public static final String CARRIER = "carrier";
    /** Q.850 16, normal clearing: the cause of the AMI Hangup of a call that was put through. */
    public static final int NORMAL_CLEARING = 16;

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final FrenchNumberingPlan plan = FrenchNumberingPlan.withDefaults();
    private final Clock clock;
    private final CallTracker tracker;
    private final Allocations allocations;
    private final SuspensionBook suspensions = new SuspensionBook();
    private final PolicyChain chain;
    private final DecisionEngine engine;

    private DecisionFixture(Clock clock) {
        this.clock = clock;
        this.tracker = new CallTracker(clock);
        this.allocations = new InMemoryAllocations(clock);
        fillDirectory();
        Instant now = clock.instant();
        Instant since = now.minus(Duration.ofDays(1));
        suspensions.put(new Suspension("bench-suspension-1", SUSPENDED_ACCOUNT, null, SuspensionReason.NON_PAYMENT, "",
                "bench", since, since, false, null, null, null));
        PolicyEnvironment base = new PolicyEnvironment(directory, plan, clock, Map.of(),
                Map.of(CallTracker.class, tracker, Allocations.class, allocations, SuspensionBook.class, suspensions));
        this.chain = PolicyRegistry.withBuiltIns(RuleModules.discover().all().stream()
                .flatMap(m -> m.policies().stream()).toList()).build(DEFAULT_POLICIES, base, serverDefaultSettings());
        this.engine = new DecisionEngine(directory, plan, chain, clock, List.of(tracker));
        // As the server: hang-ups reach the reconciler (frees the trunk slot) and the watchdog. Nothing is hung up
        // by callguard here (no AMI), so the hang-up action is never called.
        CallCaps caps = new CallCaps(directory, tracker, allocations, clock, plan, (channel, cause) -> { },
                CapsSettings.defaults());
        caps.registerWith(tracker);
    }

    /** A fixture on {@code clock} (the server runs on {@code Clock.systemUTC()}). */
    public static DecisionFixture create(Clock clock) { return new DecisionFixture(clock); }

    /** The settings the server gives the policies when callguard.yaml sets none (its {@code ConfigKeys.POLICY_DEFAULTS}). */
    static Map<String, Map<String, Object>> serverDefaultSettings() {
        return Map.of(
                "calls-per-second", Map.of("limit", 0),
                ChannelCapPolicy.NAME, Map.of("defaultMaxSeconds", 7200, "reservationMargin", 300),
                "default", Map.of("unknownAccount", "deny", "defaultMaxSeconds", 7200));
    }

    private void fillDirectory() {
        directory.put(new Account(ACCOUNT, "Acme", Account.DEFAULT_MAX_CALL_SECONDS));
        directory.put(new Account(SUSPENDED_ACCOUNT, "Globex", Account.DEFAULT_MAX_CALL_SECONDS));
        directory.put(new Account(OTHER_ACCOUNT, "Brevis", 3600));
        directory.put(new Trunk(TRUNK, ACCOUNT, TrunkKind.T2_IP, CHANNELS));
        directory.put(new Trunk(SUSPENDED_TRUNK, SUSPENDED_ACCOUNT, TrunkKind.T2_IP, CHANNELS));
        directory.put(new Trunk(OTHER_TRUNK, OTHER_ACCOUNT, TrunkKind.T2_IP, CHANNELS));
        directory.put(new DidNumber(GEOGRAPHIC_DID, ACCOUNT, TRUNK));
        directory.put(new DidNumber(TARIFF_DID, ACCOUNT, TRUNK, SpecialTariff.of(80, ChargeUnit.MINUTE)));
        directory.put(new DidNumber("0187654321", SUSPENDED_ACCOUNT, SUSPENDED_TRUNK));
    }

    /** An outbound call from {@code trunk} of {@code account} to {@code dialled}, as the FastAGI adapter builds it. */
    public static CallRequest outbound(String account, String trunk, String dialled, String uniqueId) {
        return new CallRequest(Direction.OUTBOUND, account, trunk, CALLER, dialled, "PJSIP/" + trunk + "-00000001",
                uniqueId);
    }

    /** An inbound call from the carrier to {@code dialled}: no account code, the DID tells the account. */
    public static CallRequest inbound(String dialled, String uniqueId) {
        return new CallRequest(Direction.INBOUND, "", CARRIER, MOBILE, dialled, "PJSIP/" + CARRIER + "-00000001",
                uniqueId);
    }

    /**
     * Decides {@code request}, then hangs the channel up in the tracker as the AMI {@code Hangup} would (cause 16
     * after an ALLOW, the decision's cause after a DENY), which frees the call's trunk slot and tracker entry.
     *
     * @throws IllegalStateException if the decision did not complete on this thread (the chain went asynchronous:
     *                               not the in-memory path this fixture is for)
     */
    public Decision decideAndHangUp(CallRequest request) {
        CompletableFuture<Decision> f = engine.decide(request).toCompletableFuture();
        if (!f.isDone()) throw new IllegalStateException("the decision of " + request.uniqueId() + " is not complete");
        Decision d = f.join();
        tracker.hungUp(request.uniqueId(), d.cause() != null ? d.cause() : NORMAL_CLEARING);
        return d;
    }

    /**
     * Checks that the calls decided so far left nothing behind: no live call in the tracker, no trunk slot held.
     *
     * @throws IllegalStateException naming what is left
     */
    public void checkNothingHeld() {
        Instant now = clock.instant();
        StringBuilder left = new StringBuilder();
        if (tracker.size() != 0) left.append(tracker.size()).append(" live call(s) in the tracker; ");
        for (String trunk : List.of(TRUNK, SUSPENDED_TRUNK, OTHER_TRUNK)) {
            int held = allocations.inUse(ChannelCapPolicy.resourceOf(trunk), now);
            if (held != 0) left.append(held).append(" slot(s) of ").append(trunk).append("; ");
        }
        if (left.length() > 0) throw new IllegalStateException("calls left behind: " + left);
    }

    public DecisionEngine engine() { return engine; }

    public PolicyChain chain() { return chain; }

    public FrenchNumberingPlan plan() { return plan; }

    public CallTracker tracker() { return tracker; }

    public Allocations allocations() { return allocations; }

    public SuspensionBook suspensions() { return suspensions; }

    public InMemoryDirectory directory() { return directory; }
}
