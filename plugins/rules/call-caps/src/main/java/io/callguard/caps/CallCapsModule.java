package io.callguard.caps;

import io.callguard.core.state.StateLease;
import io.callguard.core.metrics.TrunkLabels;
import io.micrometer.core.instrument.MeterRegistry;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.calls.LiveCallsSync;
import io.callguard.core.config.Option;
import io.callguard.core.control.CallControl;
import io.callguard.core.control.LiveCallFeed;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.TrunkRemovalListener;
import io.callguard.core.limits.Allocations;
import io.callguard.core.ops.OpsSection;
import io.callguard.core.state.StateCalls;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.module.RuleModule;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.PolicyProvider;
import io.callguard.core.control.CallAdmission;
import io.callguard.core.control.ClickToCallRing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * R1/R2 as one rule module: the {@code channel-cap} and {@code calls-per-second} policies, the caps' options, the
 * {@link CallCaps} (reconciler, duration watchdog, usage) built from the services the app hands over (the state
 * backend's allocations, the call tracker, the directory, the numbering plan, call control for hang-ups, the live
 * call feed, the clock), their timers, the trunk usage route and the click-to-call admission the CTI API takes.
 *
 * <p>The {@link CapsSync} is built at the start and declared in {@link #services}, where the channel-cap policy of the
 * app's chain (built after the modules started) finds it: decisions wait for the first resynchronisation when the call
 * feed is enabled. The click-to-call admission acts through the chain's own cap policies, handed over once the chain
 * is built ({@link #chainBuilt}).
 */
public final class CallCapsModule implements RuleModule {
    public static final String NAME = "call-caps";
    private static final Logger LOG = LoggerFactory.getLogger(CallCapsModule.class);
    /** After the client answers, how long a click-to-call's dialled leg may take to reach its decision. */
    static final Duration CLICK_TO_CALL_DECISION_MARGIN = Duration.ofMinutes(1);

    private volatile CapsSync sync;
    private volatile CapsCallAdmission admission;
    private volatile boolean feedEnabled;
    private volatile CallCaps caps;
    private volatile List<ModuleTimer> timers = List.of();
    private volatile Map<Class<?>, Object> services = Map.of();

    @Override public String name() { return NAME; }

    @Override public List<Option> options() { return CapsOptions.OPTIONS; }

    @Override
    public List<PolicyProvider> policies() {
        return List.of(new ChannelCapPolicyProvider(), new CallsPerSecondPolicyProvider());
    }

    @Override
    public void start(ModuleContext context) {
        CapsOptions options = CapsOptions.from(context.config());
        Clock clock = context.service(Clock.class);
        LiveCallFeed feed = context.service(LiveCallFeed.class);
        InMemoryDirectory directory = context.service(InMemoryDirectory.class);
        // With the call feed, the caps know the calls already up only from its first resynchronisation.
        CapsSync sync = feed.enabled() ? CapsSync.untilFirstResync(options.startupHold()) : CapsSync.synced();
        CallCaps built = new CallCaps(directory, context.service(CallTracker.class), context.service(Allocations.class),
                clock, context.service(FrenchNumberingPlan.class), context.service(CallControl.class), options.settings(),
                sync, context.find(StateCalls.class).orElseGet(() -> StateCalls.defaults(clock)));
        if (!options.watchdogEnabled()) {
            LOG.warn("watchdog.enabled is false: calls over their maximum duration (R1) are not hung up by callguard");
        }
        Map<Class<?>, Object> offered = new LinkedHashMap<>();
        offered.put(CallCaps.class, built);
        offered.put(LiveCallsSync.class, sync);
        offered.put(CapsSync.class, sync); // for the channel-cap policy of the chain
        offered.put(TrunkRemovalListener.class, (TrunkRemovalListener) built::releaseTrunk);
        // the operations page's trunks: cap and calls in use of each
        offered.put(OpsSection.class, new TrunksOpsSection(directory, context.service(Allocations.class)));
        // how long a click-to-call rings, when the app runs the CTI API
        // the caps it checks are the chain's, handed over by chainBuilt before the CTI API serves
        CapsCallAdmission admits = context.find(ClickToCallRing.class).map(ring -> new CapsCallAdmission(directory,
                clock, ring.timeout().plus(CLICK_TO_CALL_DECISION_MARGIN))).orElse(null);
        if (admits != null) offered.put(CallAdmission.class, admits);
        StateLease lease = context.find(StateLease.class).orElse(null);
        built.reconciler().withLease(lease);
        List<ModuleTimer> all = new java.util.ArrayList<>(new CapsTimers(built, feed, clock, options).timers());
        // the trunks' channels as meters (docs/metrics.md), when the app counts
        context.find(MeterRegistry.class).ifPresent(registry -> {
            CapsMetrics metrics = new CapsMetrics(registry, context.find(TrunkLabels.class).orElseGet(() -> TrunkLabels.top(20)),
                    directory, context.service(Allocations.class), clock);
            metrics.refresh();
            all.add(new ModuleTimer("caps-metrics", CapsMetrics.PERIOD, true, metrics::refresh));
        });
        if (lease != null) {
            // a shared backend: this node's slots are leases, renewed every third of the lease while their calls last
            all.add(new ModuleTimer("caps-lease-renewal", lease.renewEvery(), true, () -> {
                try {
                    built.reconciler().renewLeases();
                } catch (RuntimeException e) {
                    LOG.warn("trunk slot leases not renewed ({}): renewed at the next turn", e.toString());
                }
            }));
        }
        timers = List.copyOf(all);
        services = Map.copyOf(offered);
        feedEnabled = feed.enabled();
        admission = admits;
        this.sync = sync;
        caps = built;
    }

    /** The click-to-call admission checks the chain's own cap policies; warns of a channel cap without AMI. */
    @Override
    public void chainBuilt(PolicyChain chain) {
        CapsCallAdmission admits = admission;
        if (admits != null) admits.useChain(chain.policies());
        boolean channelCap = chain.policies().stream().anyMatch(ChannelCapPolicy.class::isInstance);
        if (!feedEnabled && channelCap) {
            LOG.warn("policy '{}' is enabled without AMI (ami.enabled=false): hang-ups are not seen, so every call "
                    + "holds its trunk slot until its maximum duration plus policy.{}.reservationMargin",
                    ChannelCapPolicy.NAME, ChannelCapPolicy.NAME);
        }
    }

    @Override public List<ModuleTimer> timers() { return timers; }

    @Override
    public List<ModuleRoute> adminRoutes() { return List.of(TrunkUsageRoute.of(started()::usage)); }

    @Override public Map<Class<?>, Object> services() { return services; }

    /** Channels on known trunks count from their Newchannel; hang-ups release slots; resynchronisations reconcile. */
    @Override
    public List<CallTrackerListener> callListeners() {
        CallCaps started = started();
        return List.of(started.reconciler(), started.watchdog());
    }

    @Override
    public void stop() {
        caps = null;
        sync = null;
        admission = null;
        timers = List.of();
        services = Map.of();
    }

    private CallCaps started() {
        CallCaps started = caps;
        if (started == null) throw new IllegalStateException(NAME + " is not started");
        return started;
    }
}
