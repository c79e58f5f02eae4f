package io.callguard.caps;

import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.calls.LiveCallsSync;
import io.callguard.core.config.Option;
import io.callguard.core.control.CallControl;
import io.callguard.core.control.LiveCallFeed;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.TrunkRemovalListener;
import io.callguard.core.limits.Allocations;
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
 * <p>The {@link CapsSync} is shared with the channel-cap policy, which is built before the modules start: it is
 * created with this module and completed at its start (decisions wait for the first resynchronisation when the call
 * feed is enabled).
 */
public final class CallCapsModule implements RuleModule {
    public static final String NAME = "call-caps";
    private static final Logger LOG = LoggerFactory.getLogger(CallCapsModule.class);
    /** After the client answers, how long a click-to-call's dialled leg may take to reach its decision. */
    static final Duration CLICK_TO_CALL_DECISION_MARGIN = Duration.ofMinutes(1);

    private final CapsSync sync = CapsSync.pending();
    private volatile CallCaps caps;
    private volatile List<ModuleTimer> timers = List.of();
    private volatile Map<Class<?>, Object> services = Map.of();

    @Override public String name() { return NAME; }

    @Override public List<Option> options() { return CapsOptions.OPTIONS; }

    @Override
    public List<PolicyProvider> policies() {
        return List.of(new ChannelCapPolicyProvider(), new CallsPerSecondPolicyProvider());
    }

    @Override public Map<Class<?>, Object> policyServices() { return Map.of(CapsSync.class, sync); }

    @Override
    public void start(ModuleContext context) {
        CapsOptions options = CapsOptions.from(context.config());
        Clock clock = context.service(Clock.class);
        LiveCallFeed feed = context.service(LiveCallFeed.class);
        InMemoryDirectory directory = context.service(InMemoryDirectory.class);
        PolicyChain chain = context.service(PolicyChain.class);
        // With the call feed, the caps know the calls already up only from its first resynchronisation.
        if (feed.enabled()) sync.holdUntilFirstResync(options.startupHold());
        else sync.markSynced();
        CallCaps built = new CallCaps(directory, context.service(CallTracker.class), context.service(Allocations.class),
                clock, context.service(FrenchNumberingPlan.class), context.service(CallControl.class), options.settings(),
                sync);
        boolean channelCap = chain.policies().stream().anyMatch(ChannelCapPolicy.class::isInstance);
        if (!feed.enabled() && channelCap) {
            LOG.warn("policy '{}' is enabled without AMI (ami.enabled=false): hang-ups are not seen, so every call "
                    + "holds its trunk slot until its maximum duration plus policy.{}.reservationMargin",
                    ChannelCapPolicy.NAME, ChannelCapPolicy.NAME);
        }
        if (!options.watchdogEnabled()) {
            LOG.warn("watchdog.enabled is false: calls over their maximum duration (R1) are not hung up by callguard");
        }
        Map<Class<?>, Object> offered = new LinkedHashMap<>();
        offered.put(CallCaps.class, built);
        offered.put(LiveCallsSync.class, sync);
        offered.put(TrunkRemovalListener.class, (TrunkRemovalListener) built::releaseTrunk);
        // how long a click-to-call rings, when the app runs the CTI API
        context.find(ClickToCallRing.class).ifPresent(ring -> offered.put(CallAdmission.class, new CapsCallAdmission(
                chain.policies(), directory, clock, ring.timeout().plus(CLICK_TO_CALL_DECISION_MARGIN))));
        timers = new CapsTimers(built, feed, clock, options).timers();
        services = Map.copyOf(offered);
        caps = built;
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
        timers = List.of();
        services = Map.of();
    }

    private CallCaps started() {
        CallCaps started = caps;
        if (started == null) throw new IllegalStateException(NAME + " is not started");
        return started;
    }
}
