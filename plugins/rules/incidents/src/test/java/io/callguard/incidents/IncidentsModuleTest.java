package io.callguard.incidents;

import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.ConfigView;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.AccountRemovalListener;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.time.MutableClock;
import io.callguard.core.audit.AuditLog;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;

/** The module without a store: its options, routes and services, and the in-memory tickets of a deleted account. */
class IncidentsModuleTest {
    private static ModuleContext context(ConfigView config, Map<Class<?>, Object> services) {
        return new ModuleContext() {
            @Override public ConfigView config() { return config; }

            @Override public <T> T service(Class<T> type) {
                Object s = services.get(type);
                if (s == null) throw new NoSuchElementException(type.getName());
                return type.cast(s);
            }
        };
    }

    @Test
    void startsWithItsOptionAndServesItsRoutesOverMemoryWithoutAStore() {
        IncidentsModule module = new IncidentsModule();
        assertThat(module.name()).isEqualTo("incidents");
        assertThat(module.options()).extracting(o -> o.path()).containsExactly("reports.gtr.alsaceMoselle");
        InMemoryDirectory directory = new InMemoryDirectory();
        directory.put(new Account("acme", "Acme", 7200, null, null, null, null, null, 50_000L));
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        ConfigValues config = ConfigValues.defaults(module.options()).set("reports.gtr.alsaceMoselle", "true", "test");
        module.start(context(config, Map.of(Clock.class, clock, Directory.class, directory,
                AuditLog.class, new InMemoryAuditLog())));
        assertThat(config.problems()).isEmpty();
        assertThat(module.adminRoutes()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST /admin/v1/incidents", "GET /admin/v1/incidents", "GET /admin/v1/incidents/{id}",
                "PUT /admin/v1/incidents/{id}", "DELETE /admin/v1/incidents/{id}", "GET /admin/v1/reports/gtr");
        assertThat(module.adminRoutes()).allMatch(ModuleRoute::blocking);

        IncidentService service = (IncidentService) module.services().get(IncidentService.class);
        GtrReport report = (GtrReport) module.services().get(GtrReport.class);
        assertThat(report.clock().holidays().alsaceMoselle()).isTrue();
        Incident t = service.create("acme", "trunk-a", Instant.parse("2026-04-02T15:00:00Z"),
                Instant.parse("2026-04-07T07:30:00Z"), "", "alice");
        assertThat(report.businessMinutes(t, clock.instant())).as("Good Friday and Easter Monday off").isEqualTo(90);
        ((AccountRemovalListener) module.services().get(AccountRemovalListener.class)).accountRemoved("acme");
        assertThat(service.find(t.id())).as("the tickets went with the account").isEmpty();

        module.stop();
        assertThat(module.services()).isEmpty();
    }

    @Test
    void aBadValueIsAProblemNamingTheKey() {
        ConfigValues config = ConfigValues.defaults(IncidentsOptions.OPTIONS).set("reports.gtr.alsaceMoselle", "maybe", "test");
        IncidentsOptions.from(config);
        assertThat(config.problems()).singleElement().asString().startsWith("reports.gtr.alsaceMoselle");
    }
}
