package io.callguard.server;

import io.callguard.asterisk.AsteriskAdapter;
import io.callguard.core.sip.SipMessageListener;
import io.callguard.hep.HepCollector;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.ChannelHangup;
import io.callguard.core.calls.LiveCallsSync;
import io.callguard.core.config.Durations;
import io.callguard.core.control.CallControl;
import io.callguard.core.control.CallEventListener;
import io.callguard.core.control.ClickToCallRing;
import io.callguard.core.control.LiveCallFeed;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.limits.Allocations;
import io.callguard.core.module.ModuleHost;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RuleModules;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.ops.OpsSection;
import io.callguard.core.ops.RecentDenials;
import io.callguard.core.policy.DecisionEngine;
import io.callguard.core.policy.DecisionListener;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyRegistry;
import io.callguard.core.state.IdempotencyKeys;
import io.callguard.core.state.SlidingWindows;
import io.callguard.core.state.StateBackend;
import io.callguard.redis.RedisStateOptions;
import io.callguard.core.state.StateCalls;
import io.callguard.cti.AccountStatus;
import io.callguard.cti.CtiAccess;
import io.callguard.cti.CtiModule;
import io.callguard.cti.CtiOptions;
import io.callguard.cti.TaskScheduler;
import io.callguard.cti.callback.HttpPoster;
import io.callguard.http.HttpAdapter;
import io.callguard.http.metrics.MetricsOptions;
import io.callguard.core.metrics.TrunkLabels;
import io.micrometer.core.instrument.MeterRegistry;
import io.callguard.http.HttpListeners;
import io.callguard.http.ListenerBindException;
import io.callguard.http.StoreWorker;
import io.callguard.http.admin.AdminContext;
import io.callguard.http.admin.AmiStatus;
import io.callguard.http.cti.HttpCallbackPoster;
import io.callguard.http.cti.VertxTaskScheduler;
import io.callguard.server.config.Config;
import io.callguard.server.config.ConfigException;
import io.callguard.server.config.ConfigKeys;
import io.callguard.store.PostgresChangeFeed;
import io.callguard.store.Store;
import io.callguard.core.cluster.ChangeFeed;
import io.callguard.core.cluster.LocalChangeFeed;
import java.util.concurrent.atomic.AtomicBoolean;
import io.callguard.suspension.SuspensionBook;
import io.callguard.suspension.SuspensionService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;

import static io.callguard.server.StopSteps.step;

/**
 * One running callguard, on one Vert.x instance it owns: the store and the directory, the rule modules (before AMI,
 * whose first resynchronisation their listeners hear, and before FastAGI), the policy chain from the started modules,
 * the decision engine, AMI, the HTTP listeners ({@link HttpAdapter}: 503 until the start is over) and FastAGI last,
 * warmed up first ({@link DecisionPathWarmUp}). A port clash stops the start with a {@link ConfigException} naming the
 * key before anyone was served. {@link #start} closes what it opened on failure; {@link #stop} undoes it in reverse.
 */
public final class CallguardApp {
    private static final Logger LOG = LoggerFactory.getLogger(CallguardApp.class);

    private final Config config;
    private final Clock clock;
    private final Vertx vertx;
    /** The one meter registry (docs/metrics.md): Prometheus when metrics.enabled, else recording nothing. */
    private final AppMetrics metrics;
    private final MetricsOptions metricsOptions;
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final FrenchNumberingPlan plan;
    private final CallTracker tracker;
    /** The calls refused lately, by reason, for the operations page (fed by the decision engine). */
    private final RecentDenials denials = new RecentDenials();
    /** The state backend this node counts in ({@code state.backend}); closed on stop. */
    private final NodeState nodeState;
    /** Counters that must be exact under concurrency: {@code nodeState}'s. */
    private final StateBackend state;
    private final Allocations allocations;
    /** Bounds the state calls of the decision path ({@code state.timeout}) and counts their failures. */
    private final StateCalls stateCalls;
    /** AMI (call control for the caps, the suspensions and click-to-call) and FastAGI. */
    private final AsteriskAdapter asterisk;
    /** The suspension module's book once it started; an empty one (nobody suspended) without that module. */
    private volatile SuspensionBook suspensionBook;
    /** The chain's providers: the core's built-in ones and the started modules' (also what the warm-up copies). */
    private volatile PolicyRegistry policies;
    private volatile DecisionEngine engine;
    private final WorkerExecutor storeExecutor;
    /** The CTI module's retries, status callbacks and SIP completions (they may write to the store). */
    private final WorkerExecutor ctiExecutor;
    private Store store;
    /**
     * How configuration changes reach the other nodes sharing the store: LISTEN/NOTIFY on PostgreSQL, nothing on H2
     * (one node). Set once the store is open.
     */
    private volatile ChangeFeed changes = new LocalChangeFeed();
    /** The periodic full reload's Vert.x timer; -1 when none. */
    private volatile long reloadTimer = -1;
    private final AtomicBoolean reloading = new AtomicBoolean();
    /** Set once every listener is bound and every module started: until then the HTTP listeners answer 503. */
    private volatile boolean started;
    /** The suspension module's write side, once it started (null when the module is not enabled). */
    private volatile SuspensionService suspensions;
    /** The admin and CTI listeners. */
    private final HttpAdapter http;
    /** The rule modules to start, in order ({@code modules}). */
    private final RuleModules ruleModules;
    private volatile ModuleHost modules;
    private int fastAgiPort = -1;
    /** The HEP collector, when {@code hep.enabled}; bound after AMI, closed first on stop. */
    private volatile HepCollector hep;
    private volatile int hepPort = -1;
    private Future<Void> stopping;

    private CallguardApp(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        // Everything that only checks configuration comes first, before any thread or socket exists.
        try {
            this.plan = new FrenchNumberingPlan(new LinkedHashSet<>(config.numbering().emergencyNumbers()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("numbering.emergencyNumbers: " + e.getMessage());
        }
        RuleModules found = RuleModules.discover();
        this.ruleModules = config.modules().enabled().isEmpty() ? found : found.enabled(config.modules().enabled());
        // The chain is built once the modules started; its names are checked now, before anything is opened.
        ConfiguredPolicies.check(config.policies().enabled(), found, ruleModules, config.modules().enabled());
        this.tracker = new CallTracker(clock);
        this.metricsOptions = MetricsOptions.from(config.modules().view(MetricsOptions.OPTIONS, null));
        this.metrics = new AppMetrics(metricsOptions);
        this.vertx = Vertx.vertx();
        java.time.Duration stateTimeout = StateCalls.timeout(config.modules().view(StateCalls.OPTIONS, null),
                config.fastAgi().decisionDeadline());
        this.nodeState = NodeState.open(vertx, config.modules().view(RedisStateOptions.OPTIONS, null),
                config.cluster().nodeId(), clock, stateTimeout);
        this.state = nodeState.state();
        this.allocations = state.allocations();
        this.stateCalls = new StateCalls(stateTimeout, clock);
        this.asterisk = new AsteriskAdapter(vertx, config.ami(), config.fastAgi(), tracker, clock, metrics.registry());
        this.storeExecutor = vertx.createSharedWorkerExecutor(StoreWorker.POOL_NAME, config.store().maximumPoolSize());
        this.ctiExecutor = vertx.createSharedWorkerExecutor(VertxTaskScheduler.POOL_NAME, VertxTaskScheduler.POOL_THREADS);
        this.http = new HttpAdapter(vertx, config.admin(), config.cti(), () -> started, asterisk::fastAgiConnections);
        if (metricsOptions.enabled()) http.serveMetrics(metricsOptions, metrics.prometheus()::scrape);
    }

    /** The chain of the configured policies over the app's shared services and those the started modules declare. */
    private PolicyChain buildChain() {
        Map<Class<?>, Object> services = new HashMap<>(Map.of(CallTracker.class, tracker, Allocations.class,
                allocations, SlidingWindows.class, state.slidingWindows(), IdempotencyKeys.class, state.idempotencyKeys(),
                StateCalls.class, stateCalls));
        nodeState.offerLease(services);
        services.putAll(ruleModules.services()); // e.g. the caps' resynchronisation gate, the suspensions in memory
        policies = PolicyRegistry.withBuiltIns(ruleModules.policies());
        return ConfiguredPolicies.build(policies, config.policies(),
                new PolicyEnvironment(directory, plan, clock, Map.of(), services), ruleModules);
    }

    /**
     * Builds and starts callguard. Fails with a {@link ConfigException} when the configuration is wrong in a way
     * only the modules can tell (unknown policy, bad policy setting, bad store option).
     */
    public static Future<CallguardApp> start(Config config, Clock clock) {
        CallguardApp app;
        try {
            app = new CallguardApp(config, clock);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        // Not bound to the app's event loop: after a failed start that loop is gone by the time the failure is told.
        Promise<CallguardApp> result = Promise.promise();
        app.startModules().onComplete(ar -> {
            if (ar.succeeded()) result.complete(app);
            else app.stop().onComplete(ignored -> result.fail(ar.cause()));
        });
        return result.future();
    }

    private Future<CallguardApp> startModules() {
        StoreWorker worker = new StoreWorker(storeExecutor, StorePorts.FAILURES);
        return worker.run(() -> {
            Store opened;
            try {
                opened = Store.open(config.store(), ruleModules.migrations(), metrics.registry());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
            store = opened;
            opened.loadInto(directory);
            // listening before the modules load what they cache: a change stored after their load is heard
            if (opened.postgres()) {
                PostgresChangeFeed feed = new PostgresChangeFeed(opened, config.cluster().nodeId());
                feed.start();
                changes = feed;
            }
            // The rule modules, over the services the app built, before AMI starts (their call listeners hear its first
            // resynchronisation) and before FastAGI listens (the suspension module loads the suspensions in force); their
            // routes are mounted with the built-in ones, their services handed to the CTI.
            Map<Class<?>, Object> services = new HashMap<>(StorePorts.repositories(opened)); // the modules' repositories
            services.putAll(Map.ofEntries(
                    Map.entry(CallTracker.class, tracker), Map.entry(InMemoryDirectory.class, directory),
                    Map.entry(Directory.class, directory), Map.entry(ChangeFeed.class, changes),
                    Map.entry(FrenchNumberingPlan.class, plan), Map.entry(Clock.class, clock),
                    Map.entry(Allocations.class, allocations), Map.entry(CallControl.class, asterisk.callControl()),
                    Map.entry(LiveCallFeed.class, asterisk.liveCallFeed()),
                    Map.entry(ClickToCallRing.class, new ClickToCallRing(CtiOptions.ringTimeout(
                            config.modules().view(ConfigKeys.MODULE_OPTIONS, null)))),
                    Map.entry(ChannelHangup.class, asterisk.hangupOrRefuse()),
                    // the CTI module's: the suspensions it reads, where it counts, how it retries and calls back
                    Map.entry(AccountStatus.class, (AccountStatus) this::blockedReason),
                    Map.entry(SlidingWindows.class, state.slidingWindows()),
                    // the credit module's reservations per live call (R3), on the node's state backend
                    Map.entry(io.callguard.core.state.CreditReservations.class, state.creditReservations()),
                    Map.entry(StateCalls.class, stateCalls),
                    // each module counts through the app's one registry (docs/metrics.md); per-trunk series bounded
                    Map.entry(MeterRegistry.class, metrics.registry()),
                    Map.entry(TrunkLabels.class, metricsOptions.trunkLabels()),
                    Map.entry(TaskScheduler.class, new VertxTaskScheduler(vertx, ctiExecutor)),
                    Map.entry(HttpPoster.Factory.class, (HttpPoster.Factory) settings -> new HttpCallbackPoster(vertx, settings))));
            nodeState.offerLease(services); // the call caps renew their slots on it
            ModuleHost host = RuleModuleHost.start(ruleModules, vertx, storeExecutor, config.modules(),
                    Map.of("fastagi.decisionDeadline", Durations.format(config.fastAgi().decisionDeadline()),
                            // the call records name their Asterisk node after the AMI host by default
                            "ami.host", config.ami().options() == null ? "" : config.ami().options().host()), services);
            modules = host;
            suspensions = host.service(SuspensionService.class).orElse(null);
            // without the suspension module nobody is suspended: an empty book, as before it existed
            suspensionBook = host.service(SuspensionBook.class).orElseGet(SuspensionBook::new);
            // The chain, over the started modules (a policy setting error fails the start here, before any listener
            // binds); then the engine. Without AMI no hang-up ever removes a call from the tracker: do not feed it
            // decisions at all. The modules hear the verdicts too, each of them, in module order (the engine isolates
            // each listener): the CTI module (a click-to-call whose dialled leg is refused ends with the reason), the
            // call records (account, callee and verdict of each call).
            List<DecisionListener> hearing = new ArrayList<>(List.of(tracker));
            hearing.addAll(host.all(DecisionListener.class));
            hearing.add(denials); // the operations page's refused calls, with or without AMI
            engine = new DecisionEngine(directory, plan, buildChain(), clock,
                    config.ami().enabled() ? hearing : List.of(denials));
            return opened;
        }).compose(s -> {
            LOG.info("directory loaded: {} accounts", directory.accounts().size());
            // every module offering one hears the call events, in module order, each isolated by the AMI client:
            // click-to-call its progress (originate result, dial end, hang-up), the call records every call
            return asterisk.startAmi(modules.all(CallEventListener.class));
        }).compose(v -> {
            // R5, R7: the SIP messages Asterisk mirrors over HEP, told to every module offering a listener (sip-rates)
            if (!config.hep().enabled()) return Future.<Void>succeededFuture();
            List<SipMessageListener> listeners = modules.all(SipMessageListener.class);
            SipMessageListener all = listeners.size() == 1 ? listeners.get(0) : m -> listeners.forEach(l -> l.seen(m));
            HepCollector collector = new HepCollector(vertx, config.hep(), all, clock);
            hep = collector;
            AppMetrics.bindHep(metrics.registry(), collector.counters());
            return collector.start().map(port -> { hepPort = port; return (Void) null; }).recover(e -> asConfigError(HttpListeners.bindFailure("hep.port",
                    config.hep().host(), config.hep().port(), e)));
        }).compose(v -> {
            // Every listener is bound before any serves: the HTTP ones answer 503 + Retry-After until the start is
            // over, FastAGI binds last. A port clash then stops the start before anything was done for anyone.
            // the operations page's sections: the started modules' (trunks, suspensions, SMS queue), the refused calls
            List<OpsSection> ops = new ArrayList<>(modules.all(OpsSection.class));
            ops.add(denials);
            AdminContext admin = new AdminContext(store::isReachable, tracker, worker, amiStatus(),
                    modules.service(AuditLog.class).orElseThrow(), nodeState::status, ops);
            return http.start(admin, modules.adminRoutes(), modules.service(CtiAccess.class), modules.ctiRoutes(),
                    directory).recover(CallguardApp::asConfigError);
        }).compose(v -> {
            // before FastAGI listens: a cold decision path would answer the first calls past the deadline
            return DecisionPathWarmUp.run(vertx, config.fastAgi(), config.policies(), policies, plan);
        }).compose(v -> {
            return asterisk.startFastAgi(engine).recover(e -> asConfigError(HttpListeners.bindFailure("fastagi.port",
                    config.fastAgi().host(), config.fastAgi().port(), e)));
        }).map(port -> {
            fastAgiPort = port;
            startPeriodicReload();
            // with Redis: this node among the live nodes, and the fallback's probe (once the start's work is done: a
            // cold JVM's first round trips must not pass for an outage)
            nodeState.startProbe();
            started = true;
            return this;
        });
    }

    /**
     * {@code cluster.reloadInterval}: every module's cached configuration read again from the shared store, the safety
     * net of the notifications; on the store workers, a run never overlapping the previous one. Only with a feed that
     * other nodes share (PostgreSQL); zero turns it off.
     */
    private void startPeriodicReload() {
        java.time.Duration every = config.cluster().reloadInterval();
        if (!changes.shared() || every.isZero()) return;
        reloadTimer = vertx.setPeriodic(every.toMillis(), id -> {
            if (!reloading.compareAndSet(false, true)) return;
            storeExecutor.executeBlocking(() -> {
                changes.reloadAll();
                return null;
            }, false).onComplete(ar -> reloading.set(false));
        });
    }

    /** How this node's configuration changes reach the others ({@code docs/cluster.md}). */
    public ChangeFeed changeFeed() { return changes; }

    /** A listener's bind failure as the configuration error it is (the same message); any other failure as is. */
    private static <T> Future<T> asConfigError(Throwable failure) {
        return Future.failedFuture(failure instanceof ListenerBindException bind ? new ConfigException(bind.getMessage())
                : failure);
    }

    /**
     * Whether an account's outbound traffic is suspended, for the CTI module: read from the suspension module's book,
     * which exists only once that module started (after the cti module, in name order); nobody before.
     */
    private Optional<String> blockedReason(String accountId, String lineId, Instant now) {
        SuspensionBook book = suspensionBook;
        return book == null ? Optional.empty() : book.blockedReason(accountId, lineId, now);
    }

    /**
     * Every listener's connection counters (open, limits, refused), as {@code GET /admin/v1/listeners} shows them;
     * readable whatever state the listeners are in.
     */
    public JsonObject listenerConnections() { return http.listenerConnections(); }

    private Supplier<AmiStatus> amiStatus() {
        return () -> {
            if (!asterisk.amiEnabled()) return AmiStatus.DISABLED;
            if (!asterisk.amiConnected()) return AmiStatus.DOWN;
            // the call caps do not know the calls already up before the first resynchronisation after the start
            ModuleHost host = modules;
            boolean synced = host == null || host.service(LiveCallsSync.class).map(LiveCallsSync::isSynced).orElse(true);
            return synced ? AmiStatus.UP : AmiStatus.SYNCING;
        };
    }

    /**
     * Stops accepting (admin and CTI APIs, FastAGI with {@code shutdown.drainTimeout} for sessions in flight), stops
     * the rule modules in reverse order, stops AMI, closes the store and Vert.x. Each step runs even if an earlier one
     * failed; calling it twice is harmless.
     */
    public synchronized Future<Void> stop() {
        if (stopping != null) return stopping;
        Promise<Void> done = Promise.promise();
        stopping = done.future();
        step("HEP collector", () -> { HepCollector h = hep; return h == null ? Future.succeededFuture() : h.stop(); })
                .compose(v -> step("admin and CTI APIs", http::stop))
                .compose(v -> step("FastAGI", () -> asterisk.stopFastAgi(fastAgiPort >= 0, config.shutdown().drainTimeout())))
                // may block (the CTI module writes its keys' last use): off the event loop
                .compose(v -> step("configuration changes", () -> blocking(() -> {
                    long timer = reloadTimer;
                    if (timer >= 0) vertx.cancelTimer(timer);
                    if (changes instanceof PostgresChangeFeed feed) feed.close();
                })))
                .compose(v -> step("rule modules", () -> blocking(() -> { if (modules != null) modules.stop(); })))
                .compose(v -> step("CTI worker pool", ctiExecutor::close))
                .compose(v -> step("AMI", asterisk::stopAmi))
                .compose(v -> step("state backend", nodeState::close))
                .compose(v -> step("store", () -> blocking(() -> { if (store != null) store.close(); })))
                .compose(v -> step("store worker pool", storeExecutor::close))
                .compose(v -> step("metrics", () -> {
                    metrics.close();
                    return Future.succeededFuture();
                }))
                .onComplete(ar -> StopSteps.closeVertx(vertx, done));
        return stopping;
    }

    /** Runs a stop step that may block (store writes) off the event loop. */
    private Future<Void> blocking(Runnable step) {
        return storeExecutor.executeBlocking(() -> {
            step.run();
            return null;
        }, false);
    }

    /** FastAGI's bound port (the configured one, or the chosen one for port 0). */
    public int fastAgiPort() { return fastAgiPort; }

    /** Admin API's bound port. */
    public int adminPort() { return http.adminPort(); }

    /** The HEP collector's bound UDP port; -1 when it is not enabled or not bound. */
    public int hepPort() { return hepPort; }

    /** CTI API's bound port; -1 when cti.enabled is false. */
    public int ctiPort() { return http.ctiPort(); }

    /**
     * Per HTTP listener ({@code admin}, {@code cti}), the differences between the routes it serves and its OpenAPI
     * document ({@code GET /admin/v1/openapi.json}, {@code /cti/v1/openapi.json}); empty lists when both are exact.
     */
    public java.util.Map<String, List<String>> apiDocumentCoverage() { return http.documentCoverage(); }

    /** The CTI module (R8: keys, SMS, click-to-call); null before the rule modules started or when it is not enabled. */
    public CtiModule cti() {
        return modules == null ? null : ruleModules.all().stream().filter(CtiModule.class::isInstance)
                .map(CtiModule.class::cast).findFirst().orElse(null);
    }

    public Config config() { return config; }

    /** The app's meter registry (a no-op one when metrics.enabled is false). */
    public MeterRegistry meterRegistry() { return metrics.registry(); }

    public Vertx vertx() { return vertx; }

    public InMemoryDirectory directory() { return directory; }

    /** The decision engine; null before the rule modules started (it decides with their policies). */
    public DecisionEngine engine() { return engine; }

    /** The counters that must be exact (allocations, SMS windows, idempotency keys) this node uses. */
    public StateBackend state() { return state; }

    public CallTracker tracker() { return tracker; }

    /**
     * A service a started rule module offers, e.g. the call caps (reconciler, watchdog, usage reports).
     *
     * @throws NoSuchElementException when no started module offers one
     */
    public <T> T moduleService(Class<T> type) {
        ModuleHost host = modules;
        return (host == null ? Optional.<T>empty() : host.service(type))
                .orElseThrow(() -> new NoSuchElementException("no rule module offers " + type.getSimpleName()));
    }

    /** The suspensions' write side (blocking); null before the rule modules started, or without their module. */
    public SuspensionService suspensions() { return suspensions; }

    /** The admin routes the started rule modules contribute (none before they started). */
    public List<ModuleRoute> moduleAdminRoutes() { return modules == null ? List.of() : modules.adminRoutes(); }

    /** The store URL without credentials, for logs. */
    public String storeUrl() { return store == null ? "" : store.safeUrl(); }
}
