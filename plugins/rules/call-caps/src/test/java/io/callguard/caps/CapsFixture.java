package io.callguard.caps;

import io.callguard.core.calls.CallTracker;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.limits.Allocations;
import io.callguard.core.limits.InMemoryAllocations;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.CallRequest;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.DecisionEngine;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyProvider;
import io.callguard.core.policy.PolicyRegistry;
import io.callguard.core.policy.builtin.DefaultPolicyProvider;
import io.callguard.core.policy.builtin.EmergencyPolicyProvider;
import io.callguard.core.time.MutableClock;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A real decision path for cap tests: directory with account {@code acme}, T0 trunk {@code trunk-a} and DID
 * {@code 0198765432} on it; chain built by {@link PolicyRegistry} from the real providers; the call tracker as
 * decision listener; one shared {@link InMemoryAllocations}.
 */
final class CapsFixture {
    static final Instant T0 = Instant.parse("2026-02-02T09:00:00Z");
    static final String TRUNK = "trunk-a";
    static final String DID = "0198765432";
    static final Account ACME = new Account("acme", "Acme", Account.DEFAULT_MAX_CALL_SECONDS);

    /** Denies calls to 0899… (BARRED, 21): a policy placed after the caps. */
    static final class BarringProvider implements PolicyProvider {
        @Override public String name() { return "barring"; }

        @Override public Policy create(PolicyEnvironment environment) {
            return new Policy() {
                @Override public String name() { return "barring"; }

                @Override public CompletionStage<Optional<Decision>> evaluate(CallContext call) {
                    return call.callee().normalized().startsWith("0899")
                            ? Policy.settle(Decision.deny("BARRED", 21, null)) : Policy.pass();
                }
            };
        }
    }

    final MutableClock clock;
    final InMemoryDirectory directory = new InMemoryDirectory();
    final FrenchNumberingPlan plan = FrenchNumberingPlan.withDefaults();
    final Allocations allocations;
    final CallTracker tracker;
    /** Open by default; {@link #CapsFixture(List, Map, Allocations, CapsSync)} gives one waiting for a resync. */
    final CapsSync sync;
    final PolicyChain chain;
    final DecisionEngine engine;
    private int sequence;

    CapsFixture(List<String> policies, Map<String, Map<String, Object>> settings) {
        this(policies, settings, null);
    }

    CapsFixture(List<String> policies, Map<String, Map<String, Object>> settings, Allocations shared) {
        this(policies, settings, shared, CapsSync.synced());
    }

    CapsFixture(List<String> policies, Map<String, Map<String, Object>> settings, Allocations shared, CapsSync sync) {
        this(policies, settings, shared, sync, Map.of());
    }

    /**
     * @param extra more services for the policies (a {@link io.callguard.core.state.StateCalls}); a
     *              {@link MutableClock} there is the fixture's clock
     */
    CapsFixture(List<String> policies, Map<String, Map<String, Object>> settings, Allocations shared, CapsSync sync,
                Map<Class<?>, Object> extra) {
        this.clock = extra.containsKey(MutableClock.class) ? (MutableClock) extra.get(MutableClock.class) : new MutableClock(T0);
        this.tracker = new CallTracker(clock);
        this.sync = sync;
        allocations = shared != null ? shared : new InMemoryAllocations(clock);
        directory.put(ACME);
        directory.put(new Trunk(TRUNK, ACME.id(), TrunkKind.T0_IP, TrunkKind.T0_IP.defaultChannels()));
        directory.put(new DidNumber(DID, ACME.id(), TRUNK));
        PolicyRegistry registry = PolicyRegistry.of(List.of(new EmergencyPolicyProvider(),
                new CallsPerSecondPolicyProvider(), new ChannelCapPolicyProvider(), new BarringProvider(),
                new DefaultPolicyProvider()));
        Map<Class<?>, Object> services = new java.util.HashMap<>(extra);
        services.putAll(Map.of(Allocations.class, allocations, CallTracker.class, tracker, CapsSync.class, sync));
        PolicyEnvironment env = new PolicyEnvironment(directory, plan, clock, Map.of(), services);
        chain = registry.build(policies, env, settings);
        engine = new DecisionEngine(directory, plan, chain, clock, List.of(tracker));
    }

    /** emergency → calls-per-second → channel-cap → barring → default, no settings. */
    static CapsFixture standard() { return withSettings(Map.of()); }

    static CapsFixture withSettings(Map<String, Map<String, Object>> settings) {
        return new CapsFixture(List.of("emergency", "calls-per-second", "channel-cap", "barring", "default"), settings);
    }

    String nextId() { return "1770000000." + (++sequence); }

    /** An outbound call from trunk-a to {@code dialled}, decided on channel uniqueId {@code id}. */
    Decision outbound(String id, String dialled) {
        return decide(new CallRequest(Direction.OUTBOUND, "", TRUNK, "0140000000", dialled,
                "PJSIP/" + TRUNK + "-" + hex(id), id));
    }

    Decision outbound(String dialled) { return outbound(nextId(), dialled); }

    /** An inbound call from the carrier to the DID, decided on the carrier leg {@code id}. */
    Decision inbound(String id) {
        return decide(new CallRequest(Direction.INBOUND, "", "carrier", "0612345678", DID,
                "PJSIP/carrier-" + hex(id), id));
    }

    Decision decide(CallRequest request) {
        try {
            return engine.decide(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    int inUse() { return allocations.inUse(ChannelCapPolicy.resourceOf(TRUNK), clock.instant()); }

    ChannelCapPolicy channelCap() {
        return (ChannelCapPolicy) chain.policies().stream().filter(p -> p.name().equals(ChannelCapPolicy.NAME))
                .findFirst().orElseThrow();
    }

    static String hex(String id) {
        return String.format("%08x", Math.abs(id.hashCode()));
    }
}
