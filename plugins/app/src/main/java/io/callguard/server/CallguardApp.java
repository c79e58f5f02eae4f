package io.callguard.server;

import io.callguard.asterisk.ami.AmiCallControl;
import io.callguard.asterisk.ami.AmiClient;
import io.callguard.asterisk.ami.AmiLiveCallFeed;
import io.callguard.asterisk.fastagi.FastAgiServer;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.ChannelHangup;
import io.callguard.core.directory.Directory;
import io.callguard.core.calls.LiveCallsSync;
import io.callguard.core.control.CallControl;
import io.callguard.core.control.ClickToCallRing;
import io.callguard.core.control.LiveCallFeed;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.limits.Allocations;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RuleModules;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.DecisionEngine;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyRegistry;
import io.callguard.core.state.IdempotencyKeys;
import io.callguard.core.state.SlidingWindows;
import io.callguard.core.state.StateBackend;
import io.callguard.core.control.CallEventListener;
import io.callguard.core.policy.DecisionListener;
import io.callguard.cti.AccountStatus;
import io.callguard.cti.CtiAccess;
import io.callguard.cti.CtiModule;
import io.callguard.cti.CtiOptions;
import io.callguard.cti.TaskScheduler;
import io.callguard.cti.callback.HttpPoster;
import io.callguard.cti.keys.ApiKeyRepository;
import io.callguard.cti.keys.ApiKeyService;
import io.callguard.cti.sms.SmsRepository;
import io.callguard.store.SqlApiKeyRepository;
import io.callguard.store.SqlSmsRepository;
import io.callguard.server.admin.AdminContext;
import io.callguard.server.admin.AdminServer;
import io.callguard.server.admin.AmiStatus;
import io.callguard.server.admin.StoreWorker;
import io.callguard.server.config.Config;
import io.callguard.server.config.ConfigException;
import io.callguard.core.config.Durations;
import io.callguard.server.cti.CtiServer;
import io.callguard.server.cti.HttpCallbackPoster;
import io.callguard.server.cti.VertxTaskScheduler;
import io.callguard.server.config.ConfigKeys;
import io.callguard.server.http.ConnectionLimit;
import io.callguard.server.http.HttpListeners;
import io.callguard.directory.DirectoryRepository;
import io.callguard.store.SqlAuditLog;
import io.callguard.store.SqlDirectoryRepository;
import io.callguard.store.SqlSuspensionRepository;
import io.callguard.store.Store;
import io.callguard.suspension.SuspensionBook;
import io.callguard.suspension.SuspensionPolicy;
import io.callguard.suspension.SuspensionRepository;
import io.callguard.suspension.SuspensionService;
import io.callguard.tariff.TariffAnnouncementPolicy;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One running callguard: store → directory, numbering plan, the rule modules (started before AMI and before FastAGI
 * listens: their call listeners hear AMI's first resynchronisation, and the suspension module loads the suspensions in
 * force), then the policy chain from the core's built-in policies and the started modules' ones, over the app's
 * services and those the modules declare, and the decision engine (the call tracker listening), AMI client (when
 * enabled), the admin HTTP API and the CTI listener (the cti module's SMS and click-to-call routes behind its API
 * keys), the decision path
 * warmed up before FastAGI listens ({@link DecisionPathWarmUp}), all on one Vert.x instance it owns. The counters
 * that must be exact come from one {@link StateBackend} (the SMS limits count in its sliding windows, the cap
 * policies and the call caps in its {@link Allocations}); the suspension policy and module share the
 * {@link SuspensionBook} the module declares; calls are hung up and originated through one {@code CallControl} (AMI).
 * {@link #start} builds and binds everything or, on failure, closes what it had opened; {@link #stop} undoes it in
 * reverse order. The listeners bind last, admin and CTI (answering 503 until the start is over) then FastAGI, so
 * that a port clash stops the start (a {@link ConfigException} naming the key and the port) before anyone was served.
 */
public final class CallguardApp {
    private static final Logger LOG = LoggerFactory.getLogger(CallguardApp.class);

    private final Config config;
    private final Clock clock;
    /** The clock of what the store persists (suspensions, audit trail): milliseconds, as the database keeps them. */
    private final Clock storeClock;
    private final Vertx vertx;
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final FrenchNumberingPlan plan;
    private final CallTracker tracker;
    /** Counters that must be exact under concurrency; in this process until a shared backend is configured. */
    private final StateBackend state;
    private final Allocations allocations;
    /** The call-control port over AMI: the caps, the suspensions and click-to-call act on calls through it. */
    private final AmiCallControl callControl;
    /** AMI's events into the call tracker, as the rule modules that reconcile against them see it. */
    private final LiveCallFeed liveCallFeed;
    /** The suspension module's book once it started; an empty one (nobody suspended) without that module. */
    private volatile SuspensionBook suspensionBook;
    /** The chain's providers: the core's built-in ones and the started modules' (also what the warm-up copies). */
    private volatile PolicyRegistry policies;
    private volatile DecisionEngine engine;
    private final WorkerExecutor storeExecutor;
    /** The CTI module's retries, status callbacks and SIP completions (they may write to the store). */
    private final WorkerExecutor ctiExecutor;
    private Store store;
    private volatile FastAgiServer fastAgi;
    /** Set once every listener is bound and every module started: until then the HTTP listeners answer 503. */
    private volatile boolean started;
    private volatile AmiClient ami;
    /** The suspension module's write side, once it started (null when the module is not enabled). */
    private volatile SuspensionService suspensions;
    private volatile AdminServer admin;
    /** The CTI listener, when the cti module serves its routes (cti.enabled). */
    private volatile CtiServer ctiServer;
    /** Hears the verdicts for click-to-call (the cti module's), once the modules started. */
    private volatile DecisionListener ctiDecisions;
    /** The rule modules to start, in order ({@code modules}). */
    private final RuleModules ruleModules;
    private volatile RuleModuleHost modules;
    private int ctiPort = -1;
    private int fastAgiPort = -1;
    private int adminPort = -1;
    private Future<Void> stopping;

    private CallguardApp(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.storeClock = Clock.tick(clock, Duration.ofMillis(1)); // as the suspension module stamps them
        // Everything that only checks configuration comes first, before any thread or socket exists.
        try {
            this.plan = new FrenchNumberingPlan(new LinkedHashSet<>(config.numbering().emergencyNumbers()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("numbering.emergencyNumbers: " + e.getMessage());
        }
        RuleModules found = RuleModules.discover();
        this.ruleModules = config.modules().enabled().isEmpty() ? found : found.enabled(config.modules().enabled());
        // The chain is built once the modules started; its names are checked now, before anything is opened.
        checkPolicyNames(config.policies().enabled(), found, ruleModules, config.modules().enabled());
        this.tracker = new CallTracker(clock);
        this.state = StateBackend.inMemory(clock);
        this.allocations = state.allocations();
        this.callControl = new AmiCallControl(() -> config.ami().enabled() ? ami : null);
        this.liveCallFeed = new AmiLiveCallFeed(config.ami().enabled(), () -> ami);
        if (!config.policies().enabled().contains(SuspensionPolicy.NAME)) {
            LOG.warn("policy '{}' is not enabled: suspensions are recorded through the admin API but do not refuse "
                    + "any call", SuspensionPolicy.NAME);
        }
        if (!config.policies().enabled().contains(TariffAnnouncementPolicy.NAME)) {
            LOG.warn("policy '{}' is not enabled: inbound calls to 081/082/089 numbers are put through without their "
                    + "tariff announcement (R9)", TariffAnnouncementPolicy.NAME);
        }
        this.vertx = Vertx.vertx();
        this.storeExecutor = vertx.createSharedWorkerExecutor(StoreWorker.POOL_NAME, config.store().maximumPoolSize());
        this.ctiExecutor = vertx.createSharedWorkerExecutor(VertxTaskScheduler.POOL_NAME, VertxTaskScheduler.POOL_THREADS);
    }

    /**
     * Checks the {@code policies} list against every policy on the class path (today's messages: unknown, listed
     * twice, misplaced), then that each policy's rule module is enabled: the chain is built from the started modules
     * only, so a policy of a module left out of {@code modules} would otherwise read as unknown.
     */
    private static void checkPolicyNames(List<String> names, RuleModules found, RuleModules enabled,
                                         List<String> enabledNames) {
        Map<String, String> owners = found.policyOwners();
        try {
            PolicyRegistry.withBuiltIns(found.all().stream().flatMap(m -> m.policies().stream()).toList()).check(names);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        Map<String, String> startable = enabled.policyOwners();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim();
            String module = owners.get(name);
            if (module != null && !startable.containsKey(name)) {
                throw new ConfigException("policies[" + i + "]: '" + name + "' belongs to rule module '" + module
                        + "', which is not enabled (modules: " + String.join(", ", enabledNames) + ")");
            }
        }
    }

    /**
     * The chain of the configured policies, from the core's built-in providers and the started modules' ones, over
     * the app's shared services and those the started modules declare; handed to the modules once built.
     *
     * @throws ConfigException naming the policy setting that is wrong
     */
    private PolicyChain buildChain() {
        Map<Class<?>, Object> services = new HashMap<>(Map.of(CallTracker.class, tracker, Allocations.class,
                allocations, SlidingWindows.class, state.slidingWindows(), IdempotencyKeys.class, state.idempotencyKeys()));
        services.putAll(ruleModules.soleServices()); // e.g. the caps' resynchronisation gate, the suspensions in memory
        PolicyEnvironment base = new PolicyEnvironment(directory, plan, clock, Map.of(), services);
        PolicyRegistry registry = PolicyRegistry.withBuiltIns(ruleModules.policies());
        PolicyChain built;
        try {
            built = registry.build(config.policies().enabled(), base, config.policies().settings());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        policies = registry;
        ruleModules.chainBuilt(built);
        return built;
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
        StoreWorker worker = new StoreWorker(storeExecutor);
        return worker.run(() -> {
            Store opened;
            try {
                opened = Store.open(config.store(), ruleModules.migrations());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
            store = opened;
            opened.loadInto(directory);
            // The rule modules, over the services the app built, before AMI starts (their call listeners hear its first
            // resynchronisation) and before FastAGI listens (the suspension module loads the suspensions in force); their
            // routes are mounted with the built-in ones, their services handed to the CTI.
            RuleModuleHost host = new RuleModuleHost(ruleModules, vertx, storeExecutor);
            modules = host;
            host.start(config.modules(), Map.of("fastagi.decisionDeadline",
                    Durations.format(config.fastAgi().decisionDeadline())), Map.ofEntries(
                    Map.entry(CallTracker.class, tracker), Map.entry(InMemoryDirectory.class, directory),
                    Map.entry(Directory.class, directory),
                    Map.entry(FrenchNumberingPlan.class, plan), Map.entry(Clock.class, clock),
                    Map.entry(Allocations.class, allocations), Map.entry(CallControl.class, callControl),
                    Map.entry(LiveCallFeed.class, liveCallFeed),
                    Map.entry(ClickToCallRing.class, new ClickToCallRing(CtiOptions.ringTimeout(
                            config.modules().view(ConfigKeys.MODULE_OPTIONS, null)))),
                    Map.entry(SuspensionRepository.class, new SqlSuspensionRepository(opened)),
                    Map.entry(DirectoryRepository.class, new SqlDirectoryRepository(opened)),
                    Map.entry(AuditLog.class, new SqlAuditLog(opened)), Map.entry(ChannelHangup.class, suspensionHangup()),
                    // the CTI module's: the suspensions it reads, where it counts and stores, how it retries and calls back
                    Map.entry(AccountStatus.class, (AccountStatus) this::blockedReason),
                    Map.entry(SlidingWindows.class, state.slidingWindows()),
                    Map.entry(ApiKeyRepository.class, new SqlApiKeyRepository(opened)),
                    Map.entry(SmsRepository.class, new SqlSmsRepository(opened)),
                    Map.entry(TaskScheduler.class, new VertxTaskScheduler(vertx, ctiExecutor)),
                    Map.entry(HttpPoster.Factory.class, (HttpPoster.Factory) settings -> new HttpCallbackPoster(vertx, settings))));
            suspensions = host.service(SuspensionService.class).orElse(null);
            ctiDecisions = host.service(DecisionListener.class).orElse(null);
            // without the suspension module nobody is suspended: an empty book, as before it existed
            suspensionBook = host.service(SuspensionBook.class).orElseGet(SuspensionBook::new);
            // The chain, over the started modules (a policy setting error fails the start here, before any listener
            // binds); then the engine. Without AMI no hang-up ever removes a call from the tracker: do not feed it
            // decisions at all. The CTI module hears the verdicts too: a click-to-call whose dialled leg is refused
            // ends with the reason.
            engine = new DecisionEngine(directory, plan, buildChain(), clock,
                    config.ami().enabled() ? List.of(tracker, this::decisionToCti) : List.of());
            return opened;
        }).compose(s -> {
            LOG.info("directory loaded: {} accounts", directory.accounts().size());
            if (!config.ami().enabled()) return Future.<Void>succeededFuture();
            ami = new AmiClient(vertx, config.ami().options(), tracker, clock);
            // click-to-call progress (originate result, dial end, hang-up)
            modules.service(CallEventListener.class).ifPresent(ami::addEventListener);
            return ami.start();
        }).compose(v -> {
            // Every listener is bound before any serves: the HTTP ones answer 503 + Retry-After until the start is
            // over, FastAGI binds last. A port clash then stops the start before anything was done for anyone.
            AuditLog audit = modules.service(AuditLog.class).orElseThrow();
            admin = new AdminServer(vertx, config.admin(), new AdminContext(store, directory, plan, tracker, worker,
                    amiStatus(), audit, storeClock),
                    () -> started, this::listenerConnections, modules.adminRoutes());
            return admin.start();
        }).compose(port -> {
            adminPort = port;
            return startCti();
        }).compose(port -> {
            ctiPort = port;
            // before FastAGI listens: a cold decision path would answer the first calls past the deadline
            return DecisionPathWarmUp.run(vertx, config.fastAgi(), config.policies(), policies, plan);
        }).compose(v -> {
            fastAgi = new FastAgiServer(vertx, config.fastAgi(), engine);
            return fastAgi.start().recover(e -> Future.failedFuture(HttpListeners.bindFailure("fastagi.port",
                    config.fastAgi().host(), config.fastAgi().port(), e)));
        }).map(port -> {
            fastAgiPort = port;
            started = true;
            return this;
        });
    }

    /** The CTI listener over the modules' CTI routes, when the cti module serves them; completes with its port or -1. */
    private Future<Integer> startCti() {
        Optional<CtiAccess> access = modules.service(CtiAccess.class);
        if (access.isEmpty()) return Future.succeededFuture(-1);
        CtiServer server = new CtiServer(vertx, config.cti(), access.get(), directory, modules.ctiRoutes(),
                new StoreWorker(storeExecutor));
        ctiServer = server;
        return server.start(() -> started).onSuccess(port -> LOG.info("CTI API on http://{}:{}", config.cti().host(), port));
    }

    /**
     * Whether an account's outbound traffic is suspended, for the CTI module: read from the suspension module's book,
     * which exists only once that module started (after the cti module, in name order); nobody before.
     */
    private Optional<String> blockedReason(String accountId, String lineId, Instant now) {
        SuspensionBook book = suspensionBook;
        return book == null ? Optional.empty() : book.blockedReason(accountId, lineId, now);
    }

    private void decisionToCti(CallContext call, Decision decision) {
        DecisionListener listener = ctiDecisions;
        if (listener != null) listener.onDecision(call, decision);
    }

    /**
     * Every listener's connection counters (open, limits, refused), as {@code GET /admin/v1/listeners} shows them;
     * readable whatever state the admin listener is in.
     */
    public JsonObject listenerConnections() {
        JsonObject out = new JsonObject();
        AdminServer adminServer = admin;
        if (adminServer != null) out.put("admin", ConnectionLimit.json(adminServer.connections()));
        FastAgiServer agi = fastAgi;
        if (agi != null) {
            out.put("fastagi", new JsonObject().put("open", agi.activeSessions())
                    .put("maxConnections", config.fastAgi().maxConnections()).put("refused", agi.refusedConnections()));
        }
        CtiServer ctiListener = ctiServer;
        ConnectionLimit ctiConnections = ctiListener == null ? null : ctiListener.connections();
        if (ctiConnections != null) out.put("cti", ConnectionLimit.json(ctiConnections));
        return out;
    }

    /**
     * The caps' AMI hang-up, except that without AMI it refuses (rather than only logging): the suspension then
     * leaves the call out of its {@code suspension.hangup} audit entry instead of listing a call it could not cut.
     */
    private ChannelHangup suspensionHangup() {
        return (channel, cause) -> {
            if (!config.ami().enabled()) throw new IllegalStateException("AMI is disabled (ami.enabled=false)");
            callControl.hangup(channel, cause);
        };
    }

    private Supplier<AmiStatus> amiStatus() {
        return () -> {
            if (!config.ami().enabled()) return AmiStatus.DISABLED;
            if (ami == null || !ami.connected()) return AmiStatus.DOWN;
            // the call caps do not know the calls already up before the first resynchronisation after the start
            RuleModuleHost host = modules;
            boolean synced = host == null || host.service(LiveCallsSync.class).map(LiveCallsSync::isSynced).orElse(true);
            return synced ? AmiStatus.UP : AmiStatus.SYNCING;
        };
    }

    /**
     * Stops accepting (admin API, FastAGI with {@code shutdown.drainTimeout} for sessions in flight), stops the rule
     * modules in reverse order, stops AMI,
     * closes the store and Vert.x. Each step runs even if an earlier one failed; calling it twice is harmless.
     */
    public synchronized Future<Void> stop() {
        if (stopping != null) return stopping;
        Promise<Void> done = Promise.promise();
        stopping = done.future();
        step("admin API", () -> admin == null ? Future.succeededFuture() : admin.stop())
                .compose(v -> step("CTI API", () -> ctiServer == null ? Future.succeededFuture() : ctiServer.stop()))
                .compose(v -> step("FastAGI", () -> fastAgi == null || fastAgiPort < 0 ? Future.succeededFuture()
                        : fastAgi.stop(config.shutdown().drainTimeout())))
                // may block (the CTI module writes its keys' last use): off the event loop
                .compose(v -> step("rule modules", () -> modules == null ? Future.succeededFuture()
                        : storeExecutor.executeBlocking(() -> {
                            modules.stop();
                            return null;
                        }, false)))
                .compose(v -> step("CTI worker pool", ctiExecutor::close))
                .compose(v -> step("AMI", () -> ami == null ? Future.succeededFuture() : ami.stop()))
                .compose(v -> step("store", () -> store == null ? Future.succeededFuture()
                        : storeExecutor.executeBlocking(() -> {
                            store.close();
                            return null;
                        }, false)))
                .compose(v -> step("store worker pool", storeExecutor::close))
                .onComplete(ar -> closeVertx(done));
        return stopping;
    }

    /**
     * Closes Vert.x from a thread of its own: called from an event loop, the close future's callback would be
     * dispatched to that event loop after it has terminated, and never run.
     */
    private void closeVertx(Promise<Void> done) {
        Thread closer = new Thread(() -> vertx.close().onComplete(ar -> {
            if (ar.failed()) LOG.warn("stopping Vert.x failed: {}", ar.cause().toString());
            done.complete();
        }), "callguard-vertx-close");
        closer.start();
    }

    /** Runs one stop step; its failure is logged and does not stop the next steps. */
    private static Future<Void> step(String what, Supplier<Future<?>> action) {
        Future<?> f;
        try {
            f = action.get();
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        return f.transform(ar -> {
            if (ar.failed()) LOG.warn("stopping {} failed: {}", what, ar.cause().toString());
            return Future.<Void>succeededFuture();
        });
    }

    /** FastAGI's bound port (the configured one, or the chosen one for port 0). */
    public int fastAgiPort() { return fastAgiPort; }

    /** Admin API's bound port. */
    public int adminPort() { return adminPort; }

    /** CTI API's bound port; -1 when cti.enabled is false. */
    public int ctiPort() { return ctiPort; }

    /** The CTI module (R8: keys, SMS, click-to-call); null before the rule modules started or when it is not enabled. */
    public CtiModule cti() {
        if (modules == null) return null;
        return ruleModules.all().stream().filter(CtiModule.class::isInstance).map(CtiModule.class::cast).findFirst()
                .orElse(null);
    }

    public Config config() { return config; }

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
        RuleModuleHost host = modules;
        return (host == null ? Optional.<T>empty() : host.service(type))
                .orElseThrow(() -> new NoSuchElementException("no rule module offers " + type.getSimpleName()));
    }

    /**
     * The suspensions' write side (blocking: call it off the event loop); null before the rule modules started, or
     * without the suspension module.
     */
    public SuspensionService suspensions() { return suspensions; }

    /** The admin routes the started rule modules contribute (none before they started). */
    public List<ModuleRoute> moduleAdminRoutes() { return modules == null ? List.of() : modules.adminRoutes(); }

    /** The store URL without credentials, for logs. */
    public String storeUrl() { return store == null ? "" : store.safeUrl(); }
}
