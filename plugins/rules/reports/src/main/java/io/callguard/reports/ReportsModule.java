package io.callguard.reports;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.config.Option;
import io.callguard.core.directory.Directory;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.module.RuleModule;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.records.RecordRepository;
import io.callguard.reports.api.ReportsRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * R10 and R13 from the call records: the monthly revenue share of the clients' 08 numbers (with its months' close),
 * the number ranges and their use, their CSV exports and the printable monthly statement of a client.
 */
public final class ReportsModule implements RuleModule {
    public static final String NAME = "reports";
    /** How often the months due are looked for and closed. */
    static final Duration CLOSE_CHECK = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(ReportsModule.class);

    private volatile Map<Class<?>, Object> services = Map.of();
    private volatile RevenueShare share;
    private volatile ReportsRoutes routes;

    @Override public String name() { return NAME; }

    @Override public List<Option> options() { return ReportsOptions.OPTIONS; }

    @Override
    public void start(ModuleContext context) {
        ReportsOptions options = ReportsOptions.from(context.config());
        Clock clock = context.service(Clock.class);
        Directory directory = context.service(Directory.class);
        AuditLog audit = context.service(AuditLog.class);
        FrenchNumberingPlan plan = context.find(FrenchNumberingPlan.class).orElseGet(FrenchNumberingPlan::withDefaults);
        ReportsRepository repository = context.find(ReportsRepository.class).orElseGet(() -> {
            LOG.warn("no reports repository registered: share rates, ranges and closed months are kept in memory only");
            return new InMemoryReportsRepository();
        });
        RecordRepository records = context.find(RecordRepository.class).orElse(null);
        if (records == null) LOG.warn("no call records store: the revenue share and the ranges' use are always empty");
        RevenueShare s = new RevenueShare(directory, records, repository, audit, clock, options);
        NumberRanges ranges = new NumberRanges(repository, directory, records, plan, audit, clock, options);
        share = s;
        routes = new ReportsRoutes(directory, s, ranges, repository, audit, clock);
        services = Map.of(RevenueShare.class, s, NumberRanges.class, ranges);
    }

    @Override public Map<Class<?>, Object> services() { return services; }

    @Override
    public List<ModuleTimer> timers() {
        RevenueShare s = requireStarted(share);
        return List.of(new ModuleTimer("revenue-share-close", CLOSE_CHECK, true, () -> {
            List<YearMonth> closed = s.closeDue();
            if (!closed.isEmpty()) LOG.info("revenue share months closed: {}", closed);
        }));
    }

    @Override public List<ModuleRoute> adminRoutes() { return requireStarted(routes).admin(); }

    @Override
    public void stop() {
        services = Map.of();
        share = null;
        routes = null;
    }

    private static <T> T requireStarted(T part) {
        if (part == null) throw new IllegalStateException(NAME + " is not started");
        return part;
    }
}
