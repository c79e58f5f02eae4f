package io.callguard.credit;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.config.Option;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.module.RuleModule;
import io.callguard.core.rating.CallRater;
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
 * {@link io.callguard.core.rating.CallRater} to the call records), keeps each account's outstanding amount against its
 * credit threshold, suspends the account's outbound calls ({@code CREDIT_THRESHOLD}, through the suspension module)
 * when it is reached, and limits outbound calls to what the available credit pays for (the {@code credit} policy).
 */
public final class CreditModule implements RuleModule {
    public static final String NAME = "credit";
    private static final Logger LOG = LoggerFactory.getLogger(CreditModule.class);

    private volatile Map<Class<?>, Object> services = Map.of();

    // --- rating (tariff plans, the Rater) ---
    private volatile TariffPlanService plans;
    private volatile InMemoryTariffs tariffs;
    private volatile Duration plansRefresh;

    @Override public String name() { return NAME; }

    @Override
    public List<Option> options() {
        List<Option> all = new ArrayList<>(RatingOptions.OPTIONS);
        return List.copyOf(all);
    }

    /** Blocks (loads the tariff plans from the store): the app starts modules off its event threads. */
    @Override
    public void start(ModuleContext context) {
        Map<Class<?>, Object> offered = new HashMap<>();

        // --- rating: the plans in force (loaded now, replaced on each write), their write side, the Rater ---
        RatingOptions.Settings rating = RatingOptions.from(context.config());
        // The store keeps milliseconds: a version held in memory equals the one read back after a restart.
        Clock storeClock = Clock.tick(context.service(Clock.class), Duration.ofMillis(1));
        InMemoryTariffs inForce = new InMemoryTariffs();
        TariffPlanService planService = new TariffPlanService(context.service(TariffPlanRepository.class), inForce,
                context.service(AuditLog.class), storeClock);
        int loaded = planService.load();
        LOG.info("{} tariff plan(s) loaded", loaded);
        rating.defaultPlan().filter(p -> inForce.plan(p).isEmpty()).ifPresent(p -> LOG.warn(
                "{} names tariff plan '{}', which does not exist yet: calls are left unrated until it is written",
                RatingOptions.DEFAULT_PLAN, p));
        // An account's plan: for now the module's default plan for every account. Integrator: put the account's own
        // plan first (directory Account.tariffPlan, then this default).
        Optional<String> defaultPlan = rating.defaultPlan();
        Function<String, Optional<String>> planOfAccount = accountId -> defaultPlan;
        Rater rater = new Rater(inForce, planOfAccount, () -> context.all(RatedCallListener.class));
        offered.put(Tariffs.class, inForce);
        offered.put(CallRater.class, rater);
        tariffs = inForce;
        plans = planService;
        plansRefresh = rating.refreshInterval();
        // --- end of rating ---

        services = Map.copyOf(offered);
    }

    @Override
    public List<ModuleTimer> timers() {
        List<ModuleTimer> all = new ArrayList<>();
        // rating: the versions other nodes wrote (blocking: reads the store)
        TariffPlanService started = requireStarted(plans);
        all.add(new ModuleTimer("tariff-plans-refresh", plansRefresh, true, started::refresh));
        return all;
    }

    @Override
    public List<ModuleRoute> adminRoutes() {
        List<ModuleRoute> all = new ArrayList<>();
        // rating: /admin/v1/tariff-plans
        all.addAll(TariffPlanRoutes.of(requireStarted(plans), tariffs));
        return all;
    }

    @Override public Map<Class<?>, Object> services() { return services; }

    @Override
    public void stop() {
        services = Map.of();
        plans = null;
        tariffs = null;
    }

    private static <T> T requireStarted(T part) {
        if (part == null) throw new IllegalStateException(NAME + " is not started");
        return part;
    }
}
