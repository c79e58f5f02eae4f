package io.callguard.caps;

import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.ConfigView;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RuleModule;
import io.callguard.core.module.RuleModules;
import io.callguard.core.policy.PolicyProvider;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.calls.LiveCallsSync;
import io.callguard.core.control.CallControl;
import io.callguard.core.control.LiveCallFeed;
import io.callguard.core.control.OriginateReply;
import io.callguard.core.control.OriginateRequest;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.directory.TrunkRemovalListener;
import io.callguard.core.limits.Allocations;
import io.callguard.core.limits.InMemoryAllocations;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyRegistry;
import io.callguard.core.time.MutableClock;
import io.callguard.core.control.CallAdmission;
import io.callguard.core.control.ClickToCallRing;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class CallCapsModuleTest {
    private static final Instant T0 = Instant.parse("2026-02-02T09:00:00Z");

    @Test
    void foundByServiceLoaderWithItsPoliciesAndOptions() {
        RuleModule caps = RuleModules.discover().enabled(List.of(CallCapsModule.NAME)).all().get(0);
        assertThat(caps).isInstanceOf(CallCapsModule.class);
        assertThat(caps.policies()).extracting(PolicyProvider::name)
                .containsExactlyInAnyOrder(ChannelCapPolicy.NAME, CallsPerSecondPolicy.NAME);
        assertThat(RuleModules.discover().policyOwners()).containsEntry(ChannelCapPolicy.NAME, CallCapsModule.NAME)
                .containsEntry(CallsPerSecondPolicy.NAME, CallCapsModule.NAME);
        assertThat(caps.options()).isSameAs(CapsOptions.OPTIONS);
    }

    @Test
    @SuppressWarnings("unchecked")
    void servesTheUsageOfTheCapsTheAppRegistered() throws Exception {
        TrunkUsage usage = new TrunkUsage("t1", "acme", 2, 1,
                List.of(new TrunkUsage.Reservation("1700000000.1", null, 5, Instant.parse("2026-01-01T00:00:00Z"), true)));
        ModuleRoute route = TrunkUsageRoute.of(id -> id.equals("t1") ? Optional.of(usage) : Optional.empty());
        assertThat(route.method()).isEqualTo(ModuleRoute.Method.GET);
        assertThat(route.takesBody()).isFalse();
        assertThat(route.blocking()).as("off the event threads: a shared state backend answers over the network").isTrue();

        RouteResponse found = route.handler().handle(request("t1"));
        assertThat(found.status()).isEqualTo(200);
        Map<String, Object> reservation = new LinkedHashMap<>();
        reservation.put("holder", "1700000000.1");
        reservation.put("channel", null);
        reservation.put("ageSeconds", 5L);
        reservation.put("expiresAt", "2026-01-01T00:00:00Z");
        reservation.put("forced", true);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("trunkId", "t1");
        expected.put("accountId", "acme");
        expected.put("cap", 2);
        expected.put("inUse", 1);
        expected.put("reservations", List.of(reservation));
        assertThat(found.body()).isEqualTo(expected);
        assertThat(((Map<String, Object>) found.body()).keySet()).as("the documented field order")
                .containsExactly("trunkId", "accountId", "cap", "inUse", "reservations");

        RouteResponse unknown = route.handler().handle(request("nope"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.detail()).isEqualTo("trunk 'nope' not found");
        assertThat(route.handler().handle(request("bad id")).detail()).isEqualTo("trunk 'bad id' not found");
    }

    @Test
    void startWithoutTheAppsServicesFailsNamingTheMissingOne() {
        CallCapsModule module = new CallCapsModule();
        ModuleContext none = new ModuleContext() {
            @Override public ConfigView config() { return CallCapsModuleTest.config(); }

            @Override public <T> T service(Class<T> type) { throw new NoSuchElementException("no service " + type.getSimpleName() + " registered"); }
        };
        assertThatThrownBy(() -> module.start(none)).isInstanceOf(NoSuchElementException.class).hasMessageStartingWith("no service ");
        assertThatThrownBy(module::adminRoutes).hasMessage("call-caps is not started");
        assertThatThrownBy(module::callListeners).hasMessage("call-caps is not started");
    }

    @Test
    void buildsTheCapsOverTheAppsServicesAndOffersWhatTheAppHandsOn() {
        CallCapsModule module = new CallCapsModule();
        Services app = new Services(true);
        app.put(ClickToCallRing.class, new ClickToCallRing(java.time.Duration.ofSeconds(30)));

        module.start(app.context());
        CapsSync sync = (CapsSync) module.services().get(CapsSync.class);

        assertThat(sync.isSynced()).as("AMI enabled: decisions wait for its first resynchronisation").isFalse();
        assertThat(sync.hold()).isEqualTo(Duration.ofMillis(200));
        CallCaps caps = (CallCaps) module.services().get(CallCaps.class);
        assertThat(caps.settings()).isEqualTo(CapsSettings.defaults());
        assertThat(module.services().get(LiveCallsSync.class)).isSameAs(sync);
        CallAdmission admission = (CallAdmission) module.services().get(CallAdmission.class);
        assertThat(admission).isInstanceOf(CapsCallAdmission.class);
        Trunk line = new Trunk("t9", "acme", TrunkKind.T0_IP, 1);
        assertThatThrownBy(() -> admission.reserve("acme", line, false, "h0")).as("before the chain is built")
                .hasMessageContaining("before the decision chain was built");
        module.chainBuilt(app.chain);
        assertThat(admission.reserve("acme", line, false, "h1")).as("the chain's channel cap: 1 slot").isEmpty();
        assertThat(admission.reserve("acme", line, false, "h2")).map(CallAdmission.Refusal::reason)
                .contains(io.callguard.core.policy.Reasons.TRUNK_FULL);
        admission.release(line, "h1");
        assertThat(module.timers()).extracting(ModuleTimer::name, ModuleTimer::period, ModuleTimer::blocking).containsExactly(
                tuple("caps-reconcile", Duration.ofSeconds(60), true),
                tuple("caps-reconcile-with-tracker", Duration.ofSeconds(10), true),
                tuple("caps-watchdog", Duration.ofSeconds(10), true));
        assertThat(module.callListeners()).containsExactly(caps.reconciler(), caps.watchdog());
        assertThat(module.adminRoutes()).extracting(ModuleRoute::path).containsExactly(TrunkUsageRoute.PATH);

        // the reconciler heard through the tracker opens the gate at the first resynchronisation
        module.callListeners().forEach(app.tracker::addListener);
        app.tracker.replaceAll(List.of());
        assertThat(sync.isSynced()).isTrue();

        // a deleted trunk's reservations go with it
        app.allocations.allocate(ChannelCapPolicy.resourceOf("t1"), "1700000000.1", 2, T0.plusSeconds(60), T0);
        ((TrunkRemovalListener) module.services().get(TrunkRemovalListener.class)).trunkRemoved("t1");
        assertThat(app.allocations.holders(ChannelCapPolicy.resourceOf("t1"), T0)).isEmpty();

        module.stop();
        assertThat(module.services()).isEmpty();
        assertThat(module.timers()).isEmpty();
        assertThatThrownBy(module::adminRoutes).hasMessage("call-caps is not started");
    }

    @Test
    void withoutAmiNothingToWaitForAndWithoutCtiNoAdmission() {
        CallCapsModule module = new CallCapsModule();
        Services app = new Services(false);
        module.start(app.context(config().set(CapsOptions.WATCHDOG_ENABLED, "false", "file")));
        assertThat(((CapsSync) module.services().get(CapsSync.class)).isSynced()).isTrue();
        assertThat(module.services()).doesNotContainKey(CallAdmission.class);
        assertThat(module.timers()).extracting(ModuleTimer::name).containsExactly("caps-reconcile", "caps-reconcile-with-tracker");
    }

    @Test
    void theDecisionDeadlineTheAppLendsShortensTheDefaultHold() {
        CallCapsModule module = new CallCapsModule();
        module.start(new Services(true).context(config().set(CapsOptions.DECISION_DEADLINE, "100ms", "app")));
        assertThat(((CapsSync) module.services().get(CapsSync.class)).hold()).isEqualTo(Duration.ofMillis(80));
    }

    @Test
    void reconcileTimerResyncsWhileConnectedAndOnlyExpiresOtherwise() {
        Services app = new Services(true);
        CallCapsModule module = new CallCapsModule();
        module.start(app.context());
        Runnable reconcile = module.timers().get(0).task();
        String trunk = ChannelCapPolicy.resourceOf("t1");
        app.allocations.allocate(trunk, "old", 2, T0.plusSeconds(1), T0);
        app.clock.set(T0.plusSeconds(2));

        app.feed.connected = true;
        reconcile.run();
        assertThat(app.feed.resyncs).isEqualTo(1);
        assertThat(app.allocations.resources()).as("left to the resynchronisation's reconciliation").contains(trunk);

        app.feed.failing = true;
        reconcile.run();
        assertThat(app.feed.resyncs).isEqualTo(2);
        assertThat(app.allocations.resources()).as("a failed resynchronisation: expired reservations dropped").doesNotContain(trunk);

        app.allocations.allocate(trunk, "older", 2, T0.plusSeconds(3), T0.plusSeconds(2));
        app.clock.set(T0.plusSeconds(4));
        app.feed.connected = false;
        reconcile.run();
        assertThat(app.feed.resyncs).as("AMI down: not asked").isEqualTo(2);
        assertThat(app.allocations.resources()).doesNotContain(trunk);
    }

    private static ConfigValues config() {
        return ConfigValues.defaults(CapsOptions.OPTIONS).set(CapsOptions.DECISION_DEADLINE, "250ms", "app");
    }

    /** The services the app hands over, with a call feed the test drives. */
    private static final class Services {
        final MutableClock clock = new MutableClock(T0);
        final CallTracker tracker = new CallTracker(clock);
        final InMemoryAllocations allocations = new InMemoryAllocations(clock);
        final FakeFeed feed;
        /** The app's chain of the two cap policies, handed to the module once built. */
        final PolicyChain chain;
        private final Map<Class<?>, Object> services = new HashMap<>();

        Services(boolean amiEnabled) {
            feed = new FakeFeed(amiEnabled);
            InMemoryDirectory directory = new InMemoryDirectory();
            FrenchNumberingPlan plan = FrenchNumberingPlan.withDefaults();
            put(Clock.class, clock);
            put(CallTracker.class, tracker);
            put(Allocations.class, allocations);
            put(InMemoryDirectory.class, directory);
            put(FrenchNumberingPlan.class, plan);
            put(LiveCallFeed.class, feed);
            put(CallControl.class, new CallControl() {
                @Override public void hangup(String channel, int cause) { }

                @Override public CompletionStage<OriginateReply> originate(OriginateRequest request) { throw new UnsupportedOperationException(); }

                @Override public CompletionStage<List<LiveCall>> liveChannels() { throw new UnsupportedOperationException(); }
            });
            PolicyEnvironment env = new PolicyEnvironment(directory, plan, clock, Map.of(), Map.of(Allocations.class, allocations));
            chain = PolicyRegistry.of(List.of(new ChannelCapPolicyProvider(), new CallsPerSecondPolicyProvider()))
                    .build(List.of(ChannelCapPolicy.NAME, CallsPerSecondPolicy.NAME), env, Map.of());
        }

        <T> void put(Class<T> type, T service) { services.put(type, service); }

        ModuleContext context() { return context(config()); }

        ModuleContext context(ConfigView view) {
            return new ModuleContext() {
                @Override public ConfigView config() { return view; }

                @Override public <T> T service(Class<T> type) {
                    return find(type).orElseThrow(() -> new NoSuchElementException("no service " + type.getSimpleName() + " registered"));
                }

                @Override public <T> Optional<T> find(Class<T> type) {
                    return Optional.ofNullable(services.get(type)).map(type::cast);
                }
            };
        }
    }

    private static final class FakeFeed implements LiveCallFeed {
        private final boolean enabled;
        volatile boolean connected;
        volatile boolean failing;
        volatile int resyncs;

        FakeFeed(boolean enabled) { this.enabled = enabled; }

        @Override public boolean enabled() { return enabled; }

        @Override public boolean connected() { return connected; }

        @Override public CompletionStage<Void> resync() {
            resyncs++;
            return failing ? CompletableFuture.failedFuture(new IllegalStateException("AMI not connected"))
                    : CompletableFuture.completedFuture(null);
        }
    }

    private static RouteRequest request(String trunkId) {
        return new RouteRequest() {
            @Override public String pathParam(String name) { return name.equals("trunkId") ? trunkId : null; }

            @Override public Optional<String> query(String name) { return Optional.empty(); }

            @Override public Optional<String> header(String name) { return Optional.empty(); }

            @Override public Optional<String> accountId() { return Optional.empty(); }

            @Override public String body() { return ""; }
        };
    }
}
