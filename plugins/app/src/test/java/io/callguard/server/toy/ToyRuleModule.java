package io.callguard.server.toy;

import io.callguard.core.config.Option;
import io.callguard.core.config.OptionType;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RuleModule;
import io.callguard.core.policy.PolicyProvider;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The toy family: refuses outbound calls to numbers starting with {@code toy.blockedPrefix}, serves that prefix and its
 * tick count on {@code GET /admin/v1/toy}, ticks a timer and declares itself as a service. Inert while the prefix is empty (the default).
 */
public final class ToyRuleModule implements RuleModule {
    public static final String NAME = "toy";
    public static final String BLOCKED_PREFIX = "toy.blockedPrefix";
    public static final String ROUTE = "/admin/v1/toy";
    static final Duration TICK = Duration.ofMillis(20);

    /**
     * The started, configured toy module. The policy's provider is not handed the module's options, so the policy
     * finds them here (one app at a time in these tests).
     */
    private static final AtomicReference<ToyRuleModule> RUNNING = new AtomicReference<>();

    private volatile String blockedPrefix = "";
    private volatile boolean stopped;
    private final AtomicInteger ticks = new AtomicInteger();
    private final AtomicInteger ticksAfterStop = new AtomicInteger();
    private final AtomicInteger stops = new AtomicInteger();
    private volatile int ticksAtStop = -1;

    /** The configured toy module while it runs; empty before its start, after its stop, and when left unconfigured. */
    public static Optional<ToyRuleModule> running() { return Optional.ofNullable(RUNNING.get()); }

    @Override public String name() { return NAME; }

    @Override
    public List<Option> options() {
        return List.of(Option.of(BLOCKED_PREFIX, OptionType.STRING, "",
                "outbound calls to numbers starting with this are refused (empty = the toy does nothing)"));
    }

    @Override public List<PolicyProvider> policies() { return List.of(new ToyPolicyProvider()); }

    @Override
    public void start(ModuleContext context) {
        blockedPrefix = context.config().text(BLOCKED_PREFIX).trim();
        if (active()) RUNNING.set(this);
    }

    /** Itself, so that the app finds a new family's services as it finds the built-in ones'. */
    @Override
    public Map<Class<?>, Object> services() {
        return active() ? Map.of(ToyRuleModule.class, this) : Map.of();
    }

    @Override
    public List<ModuleTimer> timers() {
        if (!active()) return List.of();
        return List.of(ModuleTimer.every("toy-tick", TICK, () -> {
            if (stopped) ticksAfterStop.incrementAndGet();
            else ticks.incrementAndGet();
        }));
    }

    @Override
    public List<ModuleRoute> adminRoutes() {
        if (!active()) return List.of();
        return List.of(ModuleRoute.get(ROUTE, request -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("blockedPrefix", blockedPrefix);
            body.put("ticks", ticks.get());
            return RouteResponse.ok(body);
        }));
    }

    @Override
    public void stop() {
        stopped = true;
        ticksAtStop = ticks.get();
        stops.incrementAndGet();
        RUNNING.compareAndSet(this, null);
    }

    private boolean active() { return !blockedPrefix.isEmpty(); }

    String blockedPrefix() { return blockedPrefix; }

    int ticks() { return ticks.get(); }

    /** Runs of the timer seen after {@link #stop}: the app must have cancelled it before. */
    int ticksAfterStop() { return ticksAfterStop.get(); }

    /** The tick count when the stop hook ran; -1 before. */
    int ticksAtStop() { return ticksAtStop; }

    int stops() { return stops.get(); }
}
