package io.callguard.records;

import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.config.Option;
import io.callguard.core.control.CallEventListener;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.RuleModule;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.DecisionListener;
import io.callguard.core.directory.Directory;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.rating.CallRater;
import io.callguard.core.records.CallRecordListener;
import io.callguard.core.records.RecordRepository;
import io.callguard.records.api.RecordRoutes;
import io.callguard.records.build.CallRecordBuilder;
import io.callguard.records.build.RecordListeners;
import io.callguard.records.build.RecordRating;
import io.callguard.records.build.RecordsOptions;
import io.callguard.records.chain.ChainOptions;
import io.callguard.records.chain.RecordsChain;
import io.callguard.records.retention.PurgeRoute;
import io.callguard.records.retention.RecordPurge;
import io.callguard.records.retention.RetentionOptions;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * R11 as one rule module. The {@link CallRecordBuilder} hears the AMI call events and the FastAGI decisions (offered
 * as {@link CallEventListener} and {@link DecisionListener}, which the app hands to the AMI adapter and to the
 * decision engine beside the other modules') and the call tracker's resynchronisations ({@link #callListeners});
 * each finished call is rated by the {@link CallRater} a started module offers, when one does ({@link RecordRating}: the
 * {@code credit} module, found at the first record since it may start after this one), then goes to the node's record
 * chain ({@link RecordsChain}: queue, store, checkpoints) through the store's {@link RecordRepository}. Routes: the records of an account (admin), the client's own (CTI), the chain's
 * verification and its purge (admin). A timer purges the records past retention ({@link RecordPurge}) every
 * {@code records.purgeInterval}.
 */
public final class CallRecordsModule implements RuleModule {
    public static final String NAME = "call-records";

    private volatile CallRecordBuilder builder;
    private volatile RecordsChain chain;
    private volatile RecordRepository repository;
    private volatile Directory directory;
    private volatile Map<Class<?>, Object> services = Map.of();
    /** Tells the chain of each resynchronisation: the first one ends the restart gap. */
    private volatile CallTrackerListener resync;
    private volatile RecordPurge purge;
    private volatile RetentionOptions retention;
    private volatile RecordRating rating;

    @Override public String name() { return NAME; }

    @Override
    public List<Option> options() {
        List<Option> all = new ArrayList<>(RecordsOptions.OPTIONS);
        all.addAll(ChainOptions.OPTIONS);
        all.addAll(RetentionOptions.OPTIONS);
        return List.copyOf(all);
    }

    @Override
    public void start(ModuleContext context) {
        RecordsOptions options = RecordsOptions.from(context.config());
        ChainOptions chainOptions = ChainOptions.from(context.config());
        RetentionOptions retentionOptions = RetentionOptions.from(context.config());
        Clock clock = context.service(Clock.class);
        RecordRepository records = context.service(RecordRepository.class);
        // the writer's own thread: the builder hands it each record without waiting for the store
        // the restart gap reaches the first resynchronisation (callListeners): until callguard sees the AMI stream
        // again, calls end unseen, whether AMI answers at once or is unreachable for minutes
        RecordsChain started = RecordsChain.start(chainOptions, records, clock, null, true);
        context.find(io.micrometer.core.instrument.MeterRegistry.class).ifPresent(started.writer()::metrics);
        // each record rated before the writer chains it (the rater asked at the first record, not now: the module
        // that offers it may start after this one)
        RecordRating rated = new RecordRating(() -> context.find(CallRater.class), clock,
                new RecordListeners(() -> context.all(CallRecordListener.class), started::submit));
        CallRecordBuilder built = new CallRecordBuilder(clock, context.service(FrenchNumberingPlan.class),
                options.asteriskNode(), options.forgetAfter(), options.congestionDisposition(), rated,
                started::submit); // the records, and the gaps of the AMI stream's outages
        rating = rated;
        chain = started;
        repository = records;
        directory = context.service(Directory.class);
        retention = retentionOptions;
        purge = new RecordPurge(records, directory, started.signer(), retentionOptions,
                context.find(AuditLog.class).orElse(null), clock, chainOptions.node(), chainOptions.checkpointFile());
        builder = built;
        services = Map.of(CallEventListener.class, built, DecisionListener.class, built, CallRecordBuilder.class, built);
        resync = new CallTrackerListener() {
            @Override public void onResync(List<io.callguard.core.calls.LiveCall> live) { started.resynchronised(clock.instant()); }
        };
    }

    @Override public Map<Class<?>, Object> services() { return services; }

    @Override
    public List<ModuleRoute> adminRoutes() {
        RecordsChain c = started();
        List<ModuleRoute> routes = new ArrayList<>(RecordRoutes.admin(repository, directory));
        routes.addAll(c.adminRoutes());
        routes.add(PurgeRoute.of(purge));
        return List.copyOf(routes);
    }

    @Override
    public List<ModuleRoute> ctiRoutes() {
        started();
        return RecordRoutes.cti(repository);
    }

    private RecordsChain started() {
        RecordsChain c = chain;
        if (c == null) throw new IllegalStateException(NAME + " is not started");
        return c;
    }

    /** The purge of the records past retention, every {@code records.purgeInterval} (a run that fails is logged). */
    @Override
    public List<ModuleTimer> timers() {
        started();
        RecordPurge p = purge;
        return List.of(new ModuleTimer("records-purge", retention.purgeInterval(), true, () -> p.run("system", false)));
    }

    @Override
    public List<CallTrackerListener> callListeners() {
        CallRecordBuilder b = builder;
        CallTrackerListener r = resync;
        // the builder first: it settles the calls that vanished before the restart gap is closed
        return b == null ? List.of() : List.of(b, r);
    }

    @Override
    public void stop() {
        builder = null;
        resync = null;
        services = Map.of();
        RecordsChain c = chain;
        chain = null;
        // after the listeners are gone (the app stops the adapters first): what the store did not take spills
        if (c != null) c.stop();
    }

    /** The purge job (tests). */
    RecordPurge purge() { return purge; }

    /** The rating step between the builder and the chain (tests). */
    RecordRating rating() { return rating; }

    /** The running chain (tests). */
    RecordsChain chain() { return chain; }
}
