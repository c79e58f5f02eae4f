package io.callguard.incidents;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.config.Option;
import io.callguard.core.directory.AccountRemovalListener;
import io.callguard.core.directory.Directory;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RuleModule;
import io.callguard.incidents.clock.BusinessClock;
import io.callguard.incidents.clock.FrenchHolidays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * R12 (CGV 10.2, GTR): incident tickets through the admin API, their restoration time in business hours and the
 * penalties of the year per account ({@code GET /admin/v1/reports/gtr}). No policy: nothing here is on the decision
 * path. The tickets live behind {@link IncidentRepository} (the store's {@code incident} table, V16).
 */
public final class IncidentsModule implements RuleModule {
    public static final String NAME = "incidents";
    private static final Logger LOG = LoggerFactory.getLogger(IncidentsModule.class);

    private volatile IncidentRoutes routes;
    private volatile Map<Class<?>, Object> services = Map.of();

    @Override public String name() { return NAME; }

    @Override public List<Option> options() { return IncidentsOptions.OPTIONS; }

    @Override
    public void start(ModuleContext context) {
        IncidentsOptions options = IncidentsOptions.from(context.config());
        Clock clock = context.service(Clock.class);
        Directory directory = context.service(Directory.class);
        AuditLog audit = context.service(AuditLog.class);
        IncidentRepository repository = context.find(IncidentRepository.class).orElse(null);
        AccountRemovalListener removals = accountId -> Map.of();
        if (repository == null) {
            LOG.warn("no incident repository registered: the GTR incident tickets are kept in memory only");
            InMemoryIncidentRepository memory = new InMemoryIncidentRepository();
            repository = memory;
            removals = accountId -> {
                memory.dropAccount(accountId);
                return Map.of();
            };
        }
        IncidentService service = new IncidentService(repository, audit, clock);
        GtrReport report = new GtrReport(new BusinessClock(new FrenchHolidays(options.alsaceMoselle())));
        routes = new IncidentRoutes(service, directory, report);
        services = Map.of(IncidentService.class, service, GtrReport.class, report, AccountRemovalListener.class, removals);
    }

    @Override public Map<Class<?>, Object> services() { return services; }

    @Override
    public List<ModuleRoute> adminRoutes() {
        IncidentRoutes r = routes;
        if (r == null) throw new IllegalStateException(NAME + " is not started");
        return r.admin();
    }

    @Override
    public void stop() {
        routes = null;
        services = Map.of();
    }
}
