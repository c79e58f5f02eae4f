package io.callguard.credit;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.config.Option;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.AccountRemovalListener;
import io.callguard.core.directory.Directory;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.module.RuleModule;
import io.callguard.core.policy.PolicyProvider;
import io.callguard.core.rating.CallRater;
import io.callguard.credit.balance.BalanceParts;
import io.callguard.credit.balance.BillingService;
import io.callguard.credit.balance.Balances;
import io.callguard.credit.balance.CreditOptions;
import io.callguard.credit.policy.CreditPolicyParts;
import io.callguard.credit.policy.CreditPolicyProvider;
import io.callguard.credit.rating.InMemoryTariffs;
import io.callguard.credit.rating.RatedCallListener;
import io.callguard.credit.rating.Rater;
import io.callguard.credit.rating.RatingOptions;
import io.callguard.credit.rating.TariffPlanRepository;
import io.callguard.credit.rating.TariffPlanRoutes;
import io.callguard.credit.rating.TariffPlanService;
import io.callguard.credit.rating.Tariffs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * R3 as one rule module: rates each answered call by its account's tariff plan (offering the core's
 * {@link CallRater} to the call records, which chain the rating with the call), keeps each account's outstanding
 * amount against its credit threshold, suspends the account's outbound calls ({@code CREDIT_THRESHOLD}, through the
 * suspension module) when it is reached, and limits outbound calls to what the available credit pays for (the
 * {@code credit} policy).
 *
 * <p>Two parts, each built in {@link #start}: the rating (the tariff plans in force, their write side and routes, the
 * {@link Rater}) and the balance (the ledgers, the threshold watch, billing and payments, the policy's reservations).
 * The Rater tells every {@link RatedCallListener} among the services, the balance's ledgers included.
 */
public final class CreditModule implements RuleModule {
    public static final String NAME = "credit";
    private static final Logger LOG = LoggerFactory.getLogger(CreditModule.class);

    private volatile Map<Class<?>, Object> services = Map.of();
    // rating
    private volatile TariffPlanService plans;
    private volatile Runnable unsubscribe = () -> { };
    private volatile InMemoryTariffs tariffs;
    private volatile Duration plansRefresh;
    // balance and credit policy
    private volatile BalanceParts balance;

    @Override public String name() { return NAME; }

    @Override
    public List<Option> options() {
        List<Option> all = new ArrayList<>(RatingOptions.OPTIONS);
        all.addAll(CreditOptions.OPTIONS);
        return List.copyOf(all);
    }

    @Override public List<PolicyProvider> policies() { return List.of(new CreditPolicyProvider()); }

    /** Blocks (loads the tariff plans, billing reports and rated sums from the store): the app starts modules off its event threads. */
    @Override
    public void start(ModuleContext context) {
        Map<Class<?>, Object> offered = new HashMap<>();

        // rating: the plans in force (loaded now, replaced on each write), their write side, the Rater
        RatingOptions.Settings rating = RatingOptions.from(context.config());
        // The store keeps milliseconds: a version held in memory equals the one read back after a restart.
        Clock storeClock = Clock.tick(context.service(Clock.class), Duration.ofMillis(1));
        InMemoryTariffs inForce = new InMemoryTariffs();
        TariffPlanService planService = new TariffPlanService(context.service(TariffPlanRepository.class), inForce,
                context.service(AuditLog.class), storeClock);
        int loaded = planService.load();
        // a version written on another node: the plans' latest versions compared with those held, the newer read
        context.find(io.callguard.core.cluster.ChangeFeed.class).ifPresent(feed -> {
            planService.publishChangesTo(feed);
            unsubscribe = feed.subscribe(TariffPlanService.CHANGES,
                    io.callguard.core.cluster.ChangeListener.reloading(planService::refresh));
        });
        LOG.info("{} tariff plan(s) loaded", loaded);
        rating.defaultPlan().filter(p -> inForce.plan(p).isEmpty()).ifPresent(p -> LOG.warn(
                "{} names tariff plan '{}', which does not exist yet: calls are left unrated until it is written",
                RatingOptions.DEFAULT_PLAN, p));
        Rater rater = new Rater(inForce, planOfAccount(context.service(Directory.class), rating.defaultPlan()),
                () -> context.all(RatedCallListener.class));
        offered.put(Tariffs.class, inForce);
        offered.put(CallRater.class, rater);
        tariffs = inForce;
        plans = planService;
        plansRefresh = rating.refreshInterval();

        // balance and credit policy: the ledgers (blocking load), the threshold watch, the policy's parts
        BalanceParts parts = BalanceParts.start(context);
        balance = parts;
        // a billing report or a payment recorded on another node: that account's ledger read again from the store
        context.find(io.callguard.core.cluster.ChangeFeed.class).ifPresent(feed -> {
            parts.billing().publishChangesTo(feed);
            Runnable plansOff = unsubscribe;
            Runnable balancesOff = feed.subscribe(BillingService.CHANGES, io.callguard.core.cluster.ChangeListener.of(
                    parts.billing()::reload, parts.billing()::reloadAll));
            unsubscribe = () -> {
                plansOff.run();
                balancesOff.run();
            };
        });
        offered.put(Balances.class, parts.balances());
        offered.put(RatedCallListener.class, parts.balances()); // the Rater tells it each rated call
        offered.put(AccountRemovalListener.class, parts.removals());
        offered.put(CreditPolicyParts.class, new CreditPolicyParts(parts.balances(), parts.reservations(),
                () -> Optional.of(inForce), parts.options().callShare()));

        services = Map.copyOf(offered);
    }

    /** An account's plan: its own ({@code tariffPlan}), else the module's default, else none. */
    static Function<String, Optional<String>> planOfAccount(Directory directory, Optional<String> defaultPlan) {
        return accountId -> directory.account(accountId).map(Account::tariffPlan)
                .filter(p -> !p.isBlank()).or(() -> defaultPlan);
    }

    @Override public Map<Class<?>, Object> services() { return services; }

    @Override
    public List<ModuleTimer> timers() {
        List<ModuleTimer> all = new ArrayList<>();
        // rating: the versions other nodes wrote (blocking: reads the store)
        all.add(new ModuleTimer("tariff-plans-refresh", plansRefresh, true, requireStarted(plans)::refresh));
        all.addAll(requireStarted(balance).timers());
        return all;
    }

    @Override
    public List<ModuleRoute> adminRoutes() {
        List<ModuleRoute> all = new ArrayList<>(TariffPlanRoutes.of(requireStarted(plans), tariffs));
        all.addAll(requireStarted(balance).adminRoutes());
        return all;
    }

    @Override public List<ModuleRoute> ctiRoutes() { return requireStarted(balance).ctiRoutes(); }

    @Override public List<CallTrackerListener> callListeners() { return List.of(requireStarted(balance).hangups()); }

    @Override
    public void stop() {
        unsubscribe.run();
        services = Map.of();
        plans = null;
        tariffs = null;
        BalanceParts b = balance;
        balance = null;
        if (b != null) b.close();
    }

    private static <T> T requireStarted(T part) {
        if (part == null) throw new IllegalStateException(NAME + " is not started");
        return part;
    }
}
