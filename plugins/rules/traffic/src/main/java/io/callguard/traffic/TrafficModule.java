package io.callguard.traffic;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.config.Option;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.AccountRemovalListener;
import io.callguard.core.directory.Directory;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.module.RuleModule;
import io.callguard.core.records.CallRecordListener;
import io.callguard.core.records.RecordRepository;
import io.callguard.core.sip.SipTransactionRateListener;
import io.callguard.suspension.SuspensionService;
import io.callguard.traffic.api.TrafficRoutes;
import io.callguard.traffic.measures.TrafficMeasures;
import io.callguard.traffic.rules.InMemoryTrafficRuleRepository;
import io.callguard.traffic.rules.TrafficRuleRepository;
import io.callguard.traffic.rules.TrafficRules;
import io.callguard.traffic.watch.ConsumptionBaseline;
import io.callguard.traffic.watch.SignedWebhook;
import io.callguard.traffic.watch.TrafficWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * R5 (CGV 12.1) from the call records, and R14: hears every finished call's record ({@link CallRecordListener}, told
 * by the call-records module), keeps each account's daily measures, applies its traffic rules (alert or suspend) and
 * serves the measures, the rules and the telemarketing report. It also offers the {@link SipTransactionRateListener}
 * the sip-rates module tells of an account over its SIP transactions per second, and applies that account's
 * {@code SIP_TRANSACTION_RATE} rule. At start it reads today's and yesterday's records
 * back from the store, so that a restart loses no measure.
 */
public final class TrafficModule implements RuleModule {
    public static final String NAME = "traffic";
    /** How often the days no longer kept are forgotten. */
    static final Duration TRIM_INTERVAL = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(TrafficModule.class);

    private volatile Map<Class<?>, Object> services = Map.of();
    private volatile TrafficWatch watch;
    private volatile Runnable unsubscribe = () -> { };
    private volatile TrafficMeasures measures;
    private volatile TrafficRoutes routes;
    private volatile ScheduledExecutorService webhookThread;

    @Override public String name() { return NAME; }

    @Override public List<Option> options() { return TrafficOptions.OPTIONS; }

    /** Blocks (the rules and today's records from the store): the app starts modules off its event threads. */
    @Override
    public void start(ModuleContext context) {
        TrafficOptions options = TrafficOptions.from(context.config());
        Clock clock = context.service(Clock.class);
        Directory directory = context.service(Directory.class);
        AuditLog audit = context.service(AuditLog.class);
        TrafficRuleRepository repository = context.find(TrafficRuleRepository.class).orElseGet(() -> {
            LOG.warn("no traffic rule repository registered: the accounts' traffic rules are kept in memory only");
            return new InMemoryTrafficRuleRepository();
        });
        TrafficRules rules = new TrafficRules(repository, options.defaults(), audit, clock);
        LOG.info("traffic rules of {} account(s) loaded", rules.load());
        // rules written on another node: every account's read again (one row each)
        context.find(io.callguard.core.cluster.ChangeFeed.class).ifPresent(feed -> {
            rules.publishChangesTo(feed);
            unsubscribe = feed.subscribe(TrafficRules.CHANGES, io.callguard.core.cluster.ChangeListener.reloading(rules::load));
        });
        RecordRepository records = context.find(RecordRepository.class).orElse(null);
        TrafficMeasures m = new TrafficMeasures(clock);
        if (records != null) LOG.info("traffic measures rebuilt from {} call record(s)", rebuild(m, records, directory, clock));
        else LOG.warn("no call records store: the traffic measures start empty and ABNORMAL_CONSUMPTION never fires");
        ScheduledExecutorService hooks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "traffic-webhook");
            t.setDaemon(true);
            return t;
        });
        SignedWebhook webhook = options.webhookUrl() == null ? null
                : new SignedWebhook(options.webhookUrl(), options.webhookSecret(), options.webhookAttempts(), hooks);
        TrafficWatch w = new TrafficWatch(m, rules, records == null ? null : new ConsumptionBaseline(records),
                () -> context.find(SuspensionService.class), audit, clock, webhook == null ? a -> { } : webhook);
        AccountRemovalListener removals = accountId -> {
            m.drop(accountId);
            rules.drop(accountId);
            return Map.of();
        };
        webhookThread = hooks;
        measures = m;
        watch = w;
        routes = new TrafficRoutes(directory, m, rules, records, options.telemarketing());
        services = Map.of(CallRecordListener.class, w, SipTransactionRateListener.class, w, TrafficWatch.class, w,
                TrafficMeasures.class, m, TrafficRules.class, rules, AccountRemovalListener.class, removals);
    }

    /** Counts every account's records of the days kept (blocking); how many were read. */
    static long rebuild(TrafficMeasures m, RecordRepository records, Directory directory, Clock clock) {
        Instant from = m.oldestKept().atStartOfDay(TrafficMeasures.ZONE).toInstant();
        Instant to = clock.instant().plusSeconds(1);
        long[] read = {0};
        for (Account a : directory.accounts()) {
            records.eachByAccount(a.id(), from, to, e -> {
                if (e.call() == null) return;
                m.add(e.call());
                read[0]++;
            });
        }
        return read[0];
    }

    @Override public Map<Class<?>, Object> services() { return services; }

    @Override
    public List<ModuleTimer> timers() {
        TrafficWatch w = requireStarted(watch);
        TrafficMeasures m = requireStarted(measures);
        return List.of(new ModuleTimer("traffic-trim", TRIM_INTERVAL, false, () -> {
            m.trim();
            w.trim();
        }));
    }

    @Override public List<ModuleRoute> adminRoutes() { return requireStarted(routes).admin(); }

    @Override
    public void stop() {
        unsubscribe.run();
        services = Map.of();
        TrafficWatch w = watch;
        watch = null;
        measures = null;
        routes = null;
        if (w != null) w.close();
        ScheduledExecutorService h = webhookThread;
        webhookThread = null;
        if (h != null) h.shutdownNow();
    }

    private static <T> T requireStarted(T part) {
        if (part == null) throw new IllegalStateException(NAME + " is not started");
        return part;
    }
}
