package io.callguard.suspension;

import io.callguard.core.ops.OpsSection;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.cluster.ChangeFeed;
import io.callguard.core.cluster.ChangeListener;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.ChannelHangup;
import io.callguard.core.directory.AccountRemovalListener;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.module.RuleModule;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.PolicyProvider;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * R3–R6 as one rule module: the {@code suspension} policy, the suspensions' write side ({@link SuspensionService},
 * loaded from the store at start, so before FastAGI listens: the first decision already sees every suspension in
 * force), its admin routes and the timer that handles the starts of scheduled suspensions.
 *
 * <p>It takes from the app the store behind {@link SuspensionRepository} and {@link AuditLog}, the live calls and the
 * {@link ChannelHangup} that cuts them. It builds the {@link SuspensionBook} (the suspensions in force, in memory) and
 * declares it with the started {@link SuspensionService} in {@link #services}: the suspension policy of the app's chain
 * (built after the modules started) reads the book, the app looks both up (admin routes, CTI account status, its
 * tests), as do the modules started after it.
 */
public final class SuspensionModule implements RuleModule {
    public static final String NAME = "suspension";
    /** How often the scheduled suspensions whose start has come are handled. */
    public static final Duration START_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(SuspensionModule.class);
    /** The kind of change published when a suspension is made or ended ({@link ChangeFeed}); the id is the suspension's. */
    public static final String CHANGES = "suspension";

    private volatile SuspensionService service;
    private volatile Map<Class<?>, Object> services = Map.of();
    private volatile InMemoryDirectory directory;
    private volatile Clock clock;
    private volatile Runnable unsubscribe = () -> { };

    @Override public String name() { return NAME; }

    @Override public List<PolicyProvider> policies() { return List.of(new SuspensionPolicyProvider()); }

    /** Blocks (reads the store): the app starts modules off its event threads. */
    @Override
    public void start(ModuleContext context) {
        // The store keeps milliseconds: truncated so that a suspension held in memory equals the one read back
        // after a restart (ticking by the millisecond floors each instant, as the app's store clock does).
        Clock storeClock = Clock.tick(context.service(Clock.class), Duration.ofMillis(1));
        CallTracker tracker = context.service(CallTracker.class);
        InMemoryDirectory accounts = context.service(InMemoryDirectory.class);
        SuspensionBook book = new SuspensionBook();
        SuspensionService built = new SuspensionService(context.service(SuspensionRepository.class), book, accounts,
                context.service(AuditLog.class),
                new LiveCallTerminator(tracker, context.service(FrenchNumberingPlan.class),
                        context.service(ChannelHangup.class)),
                storeClock);
        built.load();
        // the other nodes' suspensions and lifts: the one named read again, every open one on the periodic reload
        context.find(ChangeFeed.class).ifPresent(feed -> {
            built.publishChangesTo(feed);
            unsubscribe = feed.subscribe(CHANGES, ChangeListener.of(built::reloadOne, built::reloadAll));
        });
        LOG.info("{} open suspension(s) loaded", built.book().size());
        context.find(MeterRegistry.class).ifPresent(registry -> SuspensionMetrics.bind(registry, book, storeClock));
        clock = storeClock;
        directory = accounts;
        service = built;
        services = Map.of(SuspensionService.class, built, SuspensionBook.class, book, AccountRemovalListener.class,
                dropSuspensions(book), OpsSection.class, new SuspensionsOpsSection(book));
    }

    /**
     * Hands the scheduled suspensions whose start has come to {@link SuspensionService#activateDue}: it audits
     * {@code suspension.start} and, when asked, hangs up the live calls. Calls are refused from {@code startsAt} on
     * whatever this timer does (decisions compare the start with the clock); the timer only does the rest, within
     * about a second. Blocking (audit writes): the app runs it on its store worker pool.
     */
    @Override
    public List<ModuleTimer> timers() {
        SuspensionService started = service;
        if (started == null) throw new IllegalStateException(NAME + " is not started");
        Clock at = clock;
        // The app never overlaps two runs of a timer: a start still working skips the next tick.
        return List.of(new ModuleTimer("suspension-starts", START_INTERVAL, true, () -> started.activateDue(at.instant())));
    }

    /** The suspensions of an account under {@code /admin/v1/accounts/{id}/suspensions}: create, list, read, lift. */
    @Override
    public List<ModuleRoute> adminRoutes() {
        SuspensionService started = service;
        if (started == null) throw new IllegalStateException(NAME + " is not started");
        return SuspensionRoutes.of(started, directory, clock);
    }

    /** The started {@link SuspensionService}, its {@link SuspensionBook} and what a deleted account takes with it; none before {@link #start}. */
    @Override public Map<Class<?>, Object> services() { return services; }

    /**
     * A deleted account's open suspensions leave the book the decisions read (the database deleted them with it):
     * an account created again with this id starts unsuspended. The ids dropped go in the deletion's audit entry.
     */
    private static AccountRemovalListener dropSuspensions(SuspensionBook book) {
        return accountId -> {
            List<String> dropped = new ArrayList<>();
            for (Suspension s : book.openFor(accountId)) {
                book.end(s.id());
                dropped.add(s.id());
            }
            return Map.of("openSuspensions", dropped);
        };
    }

    /** The started write side; null before {@link #start} and after {@link #stop}. */
    public SuspensionService service() { return service; }

    /** Without its policy in {@code policies}, suspensions are still recorded but refuse nothing: said once, at start. */
    @Override
    public void chainBuilt(PolicyChain chain) {
        if (chain.policies().stream().noneMatch(p -> p.name().equals(SuspensionPolicy.NAME))) {
            LOG.warn("policy '{}' is not enabled: suspensions are recorded through the admin API but do not refuse "
                    + "any call", SuspensionPolicy.NAME);
        }
    }

    @Override
    public void stop() {
        unsubscribe.run();
        services = Map.of();
        service = null;
        directory = null;
        clock = null;
    }
}
