package io.callguard.server.cti;

import io.callguard.core.control.CallControl;
import io.callguard.core.directory.Directory;
import io.callguard.core.state.SlidingWindows;
import io.callguard.cti.AccountStatus;
import io.callguard.cti.callback.StatusCallbacks;
import io.callguard.core.control.CallAdmission;
import io.callguard.cti.calls.ClickToCallService;
import io.callguard.cti.calls.InMemoryCtiCallRepository;
import io.callguard.cti.keys.ApiKeyService;
import io.callguard.cti.ratelimit.RequestRateLimiter;
import io.callguard.cti.sip.SipMessageSender;
import io.callguard.cti.sms.SmsCallbackNotifier;
import io.callguard.cti.sms.SmsDispatcher;
import io.callguard.cti.sms.SmsRateLimiter;
import io.callguard.cti.sms.SmsService;
import io.callguard.cti.sms.SmsStatusListener;
import io.callguard.server.admin.StoreWorker;
import io.callguard.server.config.CtiConfig;
import io.callguard.server.http.ConnectionLimit;
import io.callguard.store.SqlApiKeyRepository;
import io.callguard.store.SqlSmsRepository;
import io.callguard.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * The CTI API (R8) wired: API keys over the store (always, so the admin API can issue them), and when
 * {@code cti.enabled} the SIP MESSAGE sender, the SMS dispatcher (which sends the SMS a previous run left unsent),
 * the CTI HTTP listener and three periodic jobs (keys reloaded from the store every {@code cti.keys.refreshInterval},
 * so that a key revoked or an account deleted on another node stops working here; last use of keys written every
 * minute; finished click-to-calls forgotten every hour). Click-to-call goes through the call-control port; its
 * progress comes back as call events ({@link ClickToCallService#onCallEvent}), and the decision engine's verdicts
 * through {@link ClickToCallService#onDecision}.
 *
 * <p>Threads: acceptance and key writes run on the store worker; SIP completions, retries and status-callback
 * retries on the {@value #WORKER_POOL} pool; nothing blocks an event loop.
 */
public final class CtiModule {
    public static final String WORKER_POOL = "callguard-cti";
    private static final Logger LOG = LoggerFactory.getLogger(CtiModule.class);
    private static final int WORKER_THREADS = 4;
    private static final Duration PERSIST_LAST_USE_EVERY = Duration.ofMinutes(1);
    private static final Duration PRUNE_CALLS_EVERY = Duration.ofHours(1);
    /** A finished click-to-call stays readable this long. */
    private static final Duration CALL_RETENTION = Duration.ofHours(1);

    private final Vertx vertx;
    private final CtiConfig config;
    private final Store store;
    private final Directory directory;
    private final Clock clock;
    private final StoreWorker storeWorker;
    private final ApiKeyService keys;
    private final AccountStatus accountStatus;
    private final SlidingWindows smsWindows;
    private final InMemoryCtiCallRepository calls = new InMemoryCtiCallRepository();
    private final ClickToCallService clickToCall;
    private WorkerExecutor worker;
    private HttpCallbackPoster poster;
    private volatile SipMessageSender sender;
    private volatile SmsDispatcher dispatcher;
    private volatile SmsService sms;
    private CtiServer http;
    private long persistTimer = -1;
    private long refreshTimer = -1;
    private long pruneTimer = -1;
    private int port = -1;

    /**
     * @param accountStatus whether an account's outbound traffic is suspended (the suspension book, from memory)
     * @param clock what keys and SMS are stamped with: milliseconds, as the store keeps them
     * @param control   originates click-to-calls (fails them clearly when AMI is disabled or down)
     * @param admission the caps click-to-call checks before its Originate
     * @param smsWindows where the SMS limits count (the state backend's sliding windows)
     */
    public CtiModule(Vertx vertx, CtiConfig config, Store store, Directory directory, AccountStatus accountStatus,
                     Clock clock, StoreWorker storeWorker, CallControl control, CallAdmission admission,
                     SlidingWindows smsWindows) {
        this.vertx = vertx;
        this.config = config;
        this.store = store;
        this.directory = directory;
        this.clock = clock;
        this.storeWorker = storeWorker;
        this.keys = new ApiKeyService(new SqlApiKeyRepository(store), clock);
        this.accountStatus = Objects.requireNonNull(accountStatus, "accountStatus");
        this.smsWindows = Objects.requireNonNull(smsWindows, "smsWindows");
        this.clickToCall = new ClickToCallService(directory, accountStatus, admission, control, calls, clock,
                config.calls());
    }

    /** Loads every key into the authentication cache. Blocking: call it on the store worker. */
    public int load() { return keys.load(); }

    public ApiKeyService apiKeys() { return keys; }

    public ClickToCallService clickToCall() { return clickToCall; }

    /** The SMS service; null until {@link #start()} completed with cti.enabled. */
    public SmsService sms() { return sms; }

    /** The CTI listener's connection counters; null when disabled or not started. */
    public ConnectionLimit connections() { return http == null ? null : http.connections(); }

    /** The CTI listener's bound port, -1 when disabled or not started. */
    public int port() { return port; }

    /**
     * With cti.enabled: starts the SIP sender and the dispatcher (unsent SMS go out now), then binds the listener
     * and starts the jobs. Completes with the bound port, or -1 when disabled.
     */
    public Future<Integer> start() { return start(() -> true); }

    /**
     * {@link #start()} with the listener answering 503 + Retry-After while {@code started} is false (the rest of
     * callguard still starting).
     */
    public Future<Integer> start(BooleanSupplier started) {
        if (!config.enabled()) {
            LOG.info("CTI API disabled (cti.enabled=false): API keys can be issued, nothing serves them");
            return Future.succeededFuture(-1);
        }
        worker = vertx.createSharedWorkerExecutor(WORKER_POOL, WORKER_THREADS);
        VertxTaskScheduler scheduler = new VertxTaskScheduler(vertx, worker);
        poster = new HttpCallbackPoster(vertx, config.callbacks());
        SmsStatusListener notifier = new SmsCallbackNotifier(new StatusCallbacks(poster, scheduler, config.callbacks()));
        SqlSmsRepository repository = new SqlSmsRepository(store);
        return storeWorker.run(() -> {
            sender = SipMessageSender.start(config.sip(), completions());
            dispatcher = new SmsDispatcher(repository, sender, scheduler, clock, config.dispatch(), notifier);
            sms = new SmsService(directory, accountStatus, new SmsRateLimiter(smsWindows, clock, config.sms().windows()),
                    repository, dispatcher, notifier, config.sms());
            return dispatcher.start();
        }).compose(unsent -> {
            http = new CtiServer(vertx, config, keys, new RequestRateLimiter(clock, config.requests()), directory, sms,
                    clickToCall, clock, storeWorker);
            return http.start(started);
        }).map(bound -> {
            port = bound;
            persistTimer = vertx.setPeriodic(PERSIST_LAST_USE_EVERY.toMillis(), t -> storeWorker.run(keys::persistLastUsed)
                    .onFailure(e -> LOG.warn("last use of API keys not written: {}", e.toString())));
            refreshTimer = vertx.setPeriodic(config.keysRefreshInterval().toMillis(), t -> storeWorker.run(keys::load)
                    .onFailure(e -> LOG.warn("API keys not reloaded (the cached ones stay in force): {}", e.toString())));
            pruneTimer = vertx.setPeriodic(PRUNE_CALLS_EVERY.toMillis(),
                    t -> calls.pruneFinished(clock.instant().minus(CALL_RETENTION)));
            LOG.info("CTI API on http://{}:{} (SMS limits {} per account)", config.host(), bound,
                    config.sms().windows().stream().map(w -> w.name()).toList());
            return bound;
        });
    }

    /** SIP answers complete on the CTI pool: the dispatcher writes to the store there, never on a stack thread. */
    private Executor completions() {
        WorkerExecutor pool = worker;
        return task -> {
            try {
                pool.executeBlocking(() -> {
                    task.run();
                    return null;
                }, false);
            } catch (IllegalStateException closed) {
                throw new RejectedExecutionException(closed);
            }
        };
    }

    /**
     * Stops the listener and the jobs, then the dispatcher (pending retries dropped: those SMS stay QUEUED for the
     * next start) and the SIP sender, and writes the keys' last use. Each step runs even if an earlier one failed.
     */
    public Future<Void> stop() {
        if (persistTimer >= 0) vertx.cancelTimer(persistTimer);
        if (refreshTimer >= 0) vertx.cancelTimer(refreshTimer);
        if (pruneTimer >= 0) vertx.cancelTimer(pruneTimer);
        Future<Void> listener = http == null ? Future.succeededFuture() : http.stop();
        return listener.transform(ar -> storeWorker.run(() -> {
            if (dispatcher != null) dispatcher.stop();
            if (sender != null) sender.close();
            keys.persistLastUsed();
            return null;
        })).transform(ar -> {
            if (ar.failed()) LOG.warn("stopping the CTI API: {}", ar.cause().toString());
            if (poster != null) poster.close();
            return worker == null ? Future.<Void>succeededFuture() : worker.close();
        });
    }
}
