package io.callguard.credit;

import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.config.Option;
import io.callguard.core.directory.AccountRemovalListener;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.module.RuleModule;
import io.callguard.core.policy.PolicyProvider;
import io.callguard.credit.balance.BalanceParts;
import io.callguard.credit.balance.Balances;
import io.callguard.credit.balance.CreditOptions;
import io.callguard.credit.policy.CreditPolicyParts;
import io.callguard.credit.policy.CreditPolicyProvider;
import io.callguard.credit.rating.RatedCallListener;
import io.callguard.credit.rating.Tariffs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    // ---- balance and credit policy (issue 15, helper "balance") ------------------------------------------------
    private volatile BalanceParts balance;

    @Override public String name() { return NAME; }

    @Override
    public List<Option> options() {
        List<Option> all = new ArrayList<>();
        all.addAll(CreditOptions.OPTIONS); // balance and policy
        return all;
    }

    @Override public List<PolicyProvider> policies() { return List.of(new CreditPolicyProvider()); }

    @Override
    public void start(ModuleContext context) {
        Map<Class<?>, Object> offered = new HashMap<>();
        // ---- balance and credit policy: the ledgers (blocking load), the threshold watch, the policy's parts ----
        BalanceParts parts = BalanceParts.start(context);
        balance = parts;
        offered.put(Balances.class, parts.balances());
        offered.put(RatedCallListener.class, parts.balances()); // the rater tells it each rated call
        offered.put(AccountRemovalListener.class, parts.removals());
        // the tariffs are asked at each decision: the rating part (or another module) may offer them after this start
        offered.put(CreditPolicyParts.class, new CreditPolicyParts(parts.balances(), parts.reservations(),
                () -> context.find(Tariffs.class), parts.options().callShare()));
        // ---- end of balance and credit policy ----
        services = Map.copyOf(offered);
    }

    @Override public Map<Class<?>, Object> services() { return services; }

    @Override
    public List<ModuleTimer> timers() {
        List<ModuleTimer> all = new ArrayList<>();
        BalanceParts b = balance;
        if (b != null) all.addAll(b.timers());
        return all;
    }

    @Override
    public List<ModuleRoute> adminRoutes() {
        List<ModuleRoute> all = new ArrayList<>();
        BalanceParts b = balance;
        if (b != null) all.addAll(b.adminRoutes());
        return all;
    }

    @Override
    public List<ModuleRoute> ctiRoutes() {
        List<ModuleRoute> all = new ArrayList<>();
        BalanceParts b = balance;
        if (b != null) all.addAll(b.ctiRoutes());
        return all;
    }

    @Override
    public List<CallTrackerListener> callListeners() {
        List<CallTrackerListener> all = new ArrayList<>();
        BalanceParts b = balance;
        if (b != null) all.add(b.hangups());
        return all;
    }

    @Override
    public void stop() {
        services = Map.of();
        BalanceParts b = balance;
        balance = null;
        if (b != null) b.close();
    }
}
