package io.callguard.caps;

import io.callguard.core.config.Option;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RuleModule;
import io.callguard.core.policy.PolicyProvider;

import java.util.List;

/**
 * R1/R2 as one rule module: the {@code channel-cap} and {@code calls-per-second} policies, the caps' options and the
 * trunk usage route. The app still builds the {@link CallCaps} (it needs AMI's hang-up) and registers it as a service;
 * this module serves it.
 */
public final class CallCapsModule implements RuleModule {
    public static final String NAME = "call-caps";

    private volatile CallCaps caps;

    @Override public String name() { return NAME; }

    @Override public List<Option> options() { return CapsOptions.OPTIONS; }

    @Override
    public List<PolicyProvider> policies() {
        return List.of(new ChannelCapPolicyProvider(), new CallsPerSecondPolicyProvider());
    }

    @Override public void start(ModuleContext context) { caps = context.service(CallCaps.class); }

    @Override
    public List<ModuleRoute> adminRoutes() {
        CallCaps started = caps;
        if (started == null) throw new IllegalStateException(NAME + " is not started");
        return List.of(TrunkUsageRoute.of(started::usage));
    }

    @Override public void stop() { caps = null; }
}
