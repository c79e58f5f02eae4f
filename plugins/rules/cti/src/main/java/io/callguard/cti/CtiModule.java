package io.callguard.cti;

import io.callguard.core.ops.OpsQuery;
import io.callguard.core.ops.OpsSection;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.config.Option;
import io.callguard.core.control.CallAdmission;
import io.callguard.core.control.CallControl;
import io.callguard.core.control.CallEventListener;
import io.callguard.core.directory.AccountRemovalListener;
import io.callguard.core.directory.Directory;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.module.RuleModule;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.DecisionListener;
import io.callguard.core.state.SlidingWindows;
import io.callguard.core.state.StateCalls;
import io.callguard.cti.callback.HttpPoster;
import io.callguard.cti.callback.StatusCallbacks;
import io.callguard.cti.calls.ClickToCallService;
import io.callguard.cti.calls.InMemoryCtiCallRepository;
import io.callguard.cti.keys.ApiKeyRepository;
import io.callguard.cti.keys.ApiKeyService;
import io.callguard.cti.ratelimit.RequestRateLimiter;
import io.callguard.cti.routes.ApiKeyRoutes;
import io.callguard.cti.routes.CallRoutes;
import io.callguard.cti.routes.SmsRoutes;
import io.callguard.cti.sip.SipMessageSender;
import io.callguard.cti.sms.SmsCallbackNotifier;
import io.callguard.cti.sms.SmsDispatcher;
import io.callguard.cti.sms.SmsRateLimiter;
import io.callguard.cti.sms.SmsRepository;
import io.callguard.cti.sms.SmsService;
import io.callguard.cti.sms.SmsStatusListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CTI family (R8) as a rule module: API keys over the store (always, so the admin API can issue them: its routes
 * under {@code /admin/v1/accounts/{id}/api-keys}), click-to-call (its progress heard as call events and decision
 * verdicts, offered as {@link CallEventListener} and {@link DecisionListener}), and with {@code cti.enabled} the SIP
 * MESSAGE sender, the SMS dispatcher (which sends the SMS a previous run left unsent), the SMS and click-to-call routes
 * the CTI listener serves (offered {@link CtiAccess} tells the app to serve them) and three timers: keys reloaded from
 * the store every {@code cti.keys.refreshInterval}, so that a key revoked or an account deleted on another node stops
 * working here; last use of keys written every minute; finished click-to-calls forgotten every hour.
 *
 * <p>Built from the app's services: {@link Directory}, {@link AccountStatus} (the suspensions), {@link CallControl},
 * {@link CallAdmission} (the call caps', when a module offers one), {@link SlidingWindows} (where the SMS limits
 * count), {@link Clock}, {@link FrenchNumberingPlan} (click-to-call's emergency numbers), {@link AuditLog},
 * {@link ApiKeyRepository}, {@link SmsRepository}, a {@link TaskScheduler} for retries and SIP completions, and an
 * {@link HttpPoster.Factory} for status callbacks. {@link #start} loads the keys and the unsent SMS: it blocks.
 */
public final class CtiModule implements RuleModule {
    public static final String NAME = "cti";
    private static final Logger LOG = LoggerFactory.getLogger(CtiModule.class);
    static final Duration PERSIST_LAST_USE_EVERY = Duration.ofMinutes(1);
    static final Duration PRUNE_CALLS_EVERY = Duration.ofHours(1);
    /** A finished click-to-call stays readable this long. */
    static final Duration CALL_RETENTION = Duration.ofHours(1);

    private volatile ApiKeyService keys;
    private volatile Runnable unsubscribe = () -> { };
    private volatile ClickToCallService clickToCall;
    private volatile SmsService sms;
    private volatile SipMessageSender sender;
    private volatile SmsDispatcher dispatcher;
    private volatile HttpPoster poster;
    private volatile List<ModuleTimer> timers = List.of();
    private volatile List<ModuleRoute> adminRoutes = List.of();
    private volatile List<ModuleRoute> ctiRoutes = List.of();
    private volatile Map<Class<?>, Object> services = Map.of();

    @Override public String name() { return NAME; }

    @Override public List<Option> options() { return CtiOptions.OPTIONS; }

    @Override
    public void start(ModuleContext context) {
        CtiSettings settings = CtiOptions.from(context.config());
        // keys, SMS and audit entries are stored with milliseconds: stamped so, they read back equal
        Clock clock = Clock.tick(context.service(Clock.class), Duration.ofMillis(1));
        Directory directory = context.service(Directory.class);
        AccountStatus accountStatus = context.service(AccountStatus.class);
        InMemoryCtiCallRepository calls = new InMemoryCtiCallRepository();
        ApiKeyService apiKeys = new ApiKeyService(context.service(ApiKeyRepository.class), clock);
        apiKeys.load(); // keys authenticate from memory: loaded before anything can present one
        // a key issued or revoked on another node: every key read again (one small table), at once
        context.find(io.callguard.core.cluster.ChangeFeed.class).ifPresent(feed -> {
            apiKeys.publishChangesTo(feed);
            unsubscribe = feed.subscribe(ApiKeyService.CHANGES,
                    io.callguard.core.cluster.ChangeListener.reloading(apiKeys::load));
        });
        ClickToCallService calling = new ClickToCallService(directory, accountStatus, admission(context),
                context.service(CallControl.class), calls, clock, settings.calls().withEmergencyNumbers(
                        context.service(FrenchNumberingPlan.class).emergencyNumbers()));
        Map<Class<?>, Object> offered = new LinkedHashMap<>();
        offered.put(ApiKeyService.class, apiKeys);
        offered.put(CallEventListener.class, calling);
        offered.put(DecisionListener.class, calling);
        // the database deleted a deleted account's keys; the authentication cache must too, or they would keep acting
        // (for an account created again with this id, unrevocable since no longer listed)
        offered.put(AccountRemovalListener.class, (AccountRemovalListener) accountId -> {
            apiKeys.forgetAccount(accountId);
            return Map.of();
        });
        keys = apiKeys;
        clickToCall = calling;
        adminRoutes = ApiKeyRoutes.of(apiKeys, directory, context.service(AuditLog.class), clock);
        if (!settings.enabled()) {
            LOG.info("CTI API disabled (cti.enabled=false): API keys can be issued, nothing serves them");
            offered.put(OpsSection.class, smsSection(null));
            services = Map.copyOf(offered);
            return;
        }
        TaskScheduler scheduler = context.service(TaskScheduler.class);
        poster = context.service(HttpPoster.Factory.class).open(settings.callbacks());
        StatusCallbacks callbacks = new StatusCallbacks(poster, scheduler, settings.callbacks());
        CtiMetrics metrics = context.find(MeterRegistry.class).map(r -> new CtiMetrics(r,
                settings.sms().windows().stream().map(io.callguard.core.state.SlidingWindow::name).toList())).orElse(null);
        SmsStatusListener notifier = new SmsCallbackNotifier(callbacks);
        if (metrics != null) notifier = metrics.counting(notifier);
        SmsRepository repository = context.service(SmsRepository.class);
        // SIP answers complete on the scheduler's threads: the dispatcher writes to the store there, never on a stack thread
        sender = SipMessageSender.start(settings.sip(), scheduler);
        dispatcher = new SmsDispatcher(repository, sender, scheduler, clock, settings.dispatch(), notifier);
        sms = new SmsService(directory, accountStatus, new SmsRateLimiter(context.service(SlidingWindows.class), clock,
                settings.sms().windows(), context.find(StateCalls.class).orElseGet(() -> StateCalls.defaults(clock))),
                repository, dispatcher, notifier, settings.sms());
        if (metrics != null) {
            sms.observeOutcomes(metrics::outcome);
            metrics.bind(dispatcher, callbacks);
        }
        dispatcher.start();
        offered.put(OpsSection.class, smsSection(dispatcher));
        offered.put(CtiAccess.class, new CtiAccess(apiKeys, new RequestRateLimiter(clock, settings.requests())));
        List<ModuleRoute> routes = new ArrayList<>(SmsRoutes.of(sms, clock));
        routes.addAll(CallRoutes.of(calling));
        ctiRoutes = List.copyOf(routes);
        timers = List.of(
                new ModuleTimer("cti-keys-last-use", PERSIST_LAST_USE_EVERY, true, () -> {
                    try {
                        apiKeys.persistLastUsed();
                    } catch (RuntimeException e) {
                        LOG.warn("last use of API keys not written: {}", e.toString());
                    }
                }),
                new ModuleTimer("cti-keys-refresh", settings.keysRefreshInterval(), true, () -> {
                    try {
                        apiKeys.load();
                    } catch (RuntimeException e) {
                        LOG.warn("API keys not reloaded (the cached ones stay in force): {}", e.toString());
                    }
                }),
                ModuleTimer.every("cti-calls-prune", PRUNE_CALLS_EVERY,
                        () -> calls.pruneFinished(clock.instant().minus(CALL_RETENTION))));
        services = Map.copyOf(offered);
        LOG.info("CTI API ready (SMS limits {} per account)", settings.sms().windows().stream().map(w -> w.name()).toList());
    }

    /**
     * The operations page's SMS queue: the SMS this node accepted and the gateway has not answered yet (sending,
     * waiting for a slot or for a retry), of which those sent and awaiting their answer; zeros with the CTI API off.
     */
    private static OpsSection smsSection(SmsDispatcher dispatcher) {
        return new OpsSection() {
            @Override public String name() { return "sms"; }

            @Override public Object snapshot(OpsQuery query) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("enabled", dispatcher != null);
                body.put("queued", dispatcher == null ? 0 : dispatcher.active());
                body.put("sending", dispatcher == null ? 0 : dispatcher.sending());
                return body;
            }
        };
    }

    /** The caps click-to-call checks before its Originate, when a module offers them; none otherwise. */
    private static CallAdmission admission(ModuleContext context) {
        return context.find(CallAdmission.class).orElse(CallAdmission.UNLIMITED);
    }

    @Override public List<ModuleTimer> timers() { return timers; }

    @Override public List<ModuleRoute> adminRoutes() { return adminRoutes; }

    @Override public List<ModuleRoute> ctiRoutes() { return ctiRoutes; }

    @Override public Map<Class<?>, Object> services() { return services; }

    /** The API keys; null before the start. */
    public ApiKeyService apiKeys() { return keys; }

    /** Click-to-call; null before the start. */
    public ClickToCallService clickToCall() { return clickToCall; }

    /** The SMS service; null before the start or with cti.enabled false. */
    public SmsService sms() { return sms; }

    /**
     * Stops the dispatcher (pending retries dropped: those SMS stay QUEUED for the next start) and the SIP sender,
     * writes the keys' last use and closes the callback poster. Each step runs even if an earlier one failed. Blocking
     * (the store).
     */
    @Override
    public void stop() {
        unsubscribe.run();
        services = Map.of();
        timers = List.of();
        ctiRoutes = List.of();
        adminRoutes = List.of();
        step("the SMS dispatcher", () -> { if (dispatcher != null) dispatcher.stop(); });
        step("the SIP sender", () -> { if (sender != null) sender.close(); });
        step("the keys' last use", () -> { if (keys != null) keys.persistLastUsed(); });
        step("the callback poster", () -> { if (poster != null) poster.close(); });
        dispatcher = null;
        sender = null;
        poster = null;
        sms = null;
    }

    private static void step(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("stopping the CTI API: {} failed: {}", what, e.toString());
        }
    }
}
