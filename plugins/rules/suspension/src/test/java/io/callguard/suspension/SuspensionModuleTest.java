package io.callguard.suspension;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.ChannelHangup;
import io.callguard.core.config.ConfigView;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.AccountRemovalListener;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RuleModule;
import io.callguard.core.module.RuleModules;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The suspension module over in-memory parts: found, started, served, timed and stopped as the app runs it. */
class SuspensionModuleTest {
    private static final Instant T0 = Instant.parse("2026-02-02T09:00:00.123456Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final SuspensionBook book = new SuspensionBook();
    private final InMemorySuspensionRepository repository = new InMemorySuspensionRepository();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final Map<Class<?>, Object> services = new HashMap<>();

    SuspensionModuleTest() {
        directory.put(new Account("acme", "Acme", Account.DEFAULT_MAX_CALL_SECONDS));
        ChannelHangup hangup = (channel, cause) -> { };
        services.putAll(Map.of(Clock.class, clock, CallTracker.class, new CallTracker(clock),
                InMemoryDirectory.class, directory, FrenchNumberingPlan.class, FrenchNumberingPlan.withDefaults(),
                SuspensionRepository.class, repository, AuditLog.class, audit,
                ChannelHangup.class, hangup));
    }

    @Test
    void theModuleIsFoundAndNamesItsPolicy() {
        assertThat(RuleModules.discover().all()).anyMatch(m -> m instanceof SuspensionModule);
        SuspensionModule module = new SuspensionModule();
        assertThat(module.name()).isEqualTo(SuspensionPolicy.NAME);
        assertThat(module.policies()).extracting(p -> p.name()).containsExactly(SuspensionPolicy.NAME);
        assertThat(module.options()).isEmpty();
    }

    @Test
    void startLoadsTheStoredSuspensionsAndOffersTheService() throws Exception {
        SuspensionService before = service();
        Suspension kept = before.suspend(SuspendCommand.now("acme", null, SuspensionReason.CREDIT_THRESHOLD, "", "alice"));
        book.end(kept.id());

        SuspensionModule module = new SuspensionModule();
        module.start(context());

        SuspensionBook loaded = (SuspensionBook) module.services().get(SuspensionBook.class);
        assertThat(loaded).as("built by the module, for the suspension policy and the app").isNotNull().isNotSameAs(book);
        assertThat(loaded.openFor("acme")).extracting(Suspension::id).containsExactly(kept.id());
        assertThat(module.services()).containsOnlyKeys(SuspensionService.class, SuspensionBook.class,
                AccountRemovalListener.class, io.callguard.core.ops.OpsSection.class);
        // the operations page's section reads the same book
        io.callguard.core.ops.OpsSection ops = (io.callguard.core.ops.OpsSection) module.services()
                .get(io.callguard.core.ops.OpsSection.class);
        assertThat(ops.name()).isEqualTo("suspensions");
        assertThat(ops.snapshot(new io.callguard.core.ops.OpsQuery(kept.startsAt().plusSeconds(1), 10,
                java.time.Duration.ofMinutes(15))).toString()).contains(kept.id());
        assertThat(module.services().get(SuspensionService.class)).isSameAs(module.service());
        assertThat(module.service().book()).isSameAs(loaded);
        module.stop();
        assertThat(module.service()).isNull();
        assertThat(module.services()).isEmpty();
        assertThatThrownBy(module::timers).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theTimerHandlesTheStartsThatHaveCome() {
        SuspensionModule module = new SuspensionModule();
        module.start(context());
        Suspension scheduled = module.service().suspend(new SuspendCommand("acme", null, SuspensionReason.OTHER,
                "overdue", T0.plusSeconds(30), false, "alice"));
        ModuleTimer timer = module.timers().get(0);
        assertThat(timer.blocking()).as("audit writes").isTrue();
        assertThat(timer.period()).isEqualTo(Duration.ofSeconds(1));

        timer.task().run();
        assertThat(module.service().pendingStarts()).isOne();
        clock.advance(Duration.ofSeconds(31));
        timer.task().run();
        assertThat(module.service().pendingStarts()).isZero();
        assertThat(audit.all()).anyMatch(e -> e.action().equals(SuspensionService.ACTION_START)
                && e.target().equals(scheduled.auditTarget()));
    }

    @Test
    void itsRoutesAnswerWithTheStoreClocksMilliseconds() throws Exception {
        SuspensionModule module = new SuspensionModule();
        module.start(context());
        List<ModuleRoute> routes = module.adminRoutes();
        assertThat(routes).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST /admin/v1/accounts/{id}/suspensions", "GET /admin/v1/accounts/{id}/suspensions",
                "GET /admin/v1/accounts/{id}/suspensions/{sid}", "DELETE /admin/v1/accounts/{id}/suspensions/{sid}");
        assertThat(routes).allMatch(ModuleRoute::blocking);

        RouteResponse created = routes.get(0).handler().handle(request(Map.of("id", "acme"),
                Map.of("reason", "OTHER", "note", "test")));
        assertThat(created.status()).isEqualTo(201);
        @SuppressWarnings("unchecked") Map<String, Object> body = (Map<String, Object>) created.body();
        assertThat(created.headers()).containsEntry("Location", "/admin/v1/accounts/acme/suspensions/" + body.get("id"));
        assertThat(body).containsEntry("createdBy", "alice").containsEntry("createdAt", "2026-02-02T09:00:00.123Z");

        assertThatThrownBy(() -> routes.get(0).handler().handle(request(Map.of("id", "acme"), Map.of("color", "red"))))
                .isInstanceOfSatisfying(RouteResponse.InvalidFields.class, e -> assertThat(e.errors())
                        .extracting(RouteResponse.InvalidFields.FieldError::field).containsExactly("color", "reason"));
        assertThat(routes.get(1).handler().handle(request(Map.of("id", "nobody"), Map.of())).status()).isEqualTo(404);
        assertThat(routes.get(2).handler().handle(request(Map.of("id", "acme", "sid", "none"), Map.of())).status())
                .isEqualTo(404);
    }

    /** A deleted account's open suspensions leave the book, and the directory's audit entry lists them. */
    @Test
    void itDeclaresWhatAnAccountsDeletionDropsFromTheBook() {
        SuspensionModule module = new SuspensionModule();
        assertThat(module.services()).as("not started").isEmpty();
        module.start(context());
        Suspension now = module.service().suspend(SuspendCommand.now("acme", null, SuspensionReason.OTHER, "x", "alice"));
        Suspension later = module.service().suspend(new SuspendCommand("acme", null, SuspensionReason.OTHER, "y",
                T0.plusSeconds(60), false, "alice"));
        AccountRemovalListener listener = (AccountRemovalListener) module.services().get(AccountRemovalListener.class);

        assertThat(listener.accountRemoved("acme")).isEqualTo(Map.of("openSuspensions", List.of(now.id(), later.id())));
        assertThat(book.openFor("acme")).isEmpty();
        assertThat(listener.accountRemoved("acme")).isEqualTo(Map.of("openSuspensions", List.of()));
        module.stop();
        assertThat(module.services()).isEmpty();
    }

    private SuspensionService service() {
        return new SuspensionService(repository, book, directory, audit,
                new LiveCallTerminator(new CallTracker(clock), FrenchNumberingPlan.withDefaults(), (c, cause) -> { }),
                clock);
    }

    private ModuleContext context() {
        return new ModuleContext() {
            @Override public ConfigView config() { throw new UnsupportedOperationException("no options"); }

            @Override public <T> T service(Class<T> type) {
                return find(type).orElseThrow(() -> new NoSuchElementException("no service " + type.getSimpleName() + " registered"));
            }

            @Override public <T> Optional<T> find(Class<T> type) { return Optional.ofNullable(services.get(type)).map(type::cast); }
        };
    }

    private static RouteRequest request(Map<String, String> params, Map<String, Object> body) {
        return new RouteRequest() {
            @Override public String pathParam(String name) { return params.get(name); }

            @Override public Optional<String> query(String name) { return Optional.empty(); }

            @Override public Optional<String> header(String name) { return Optional.empty(); }

            @Override public Optional<String> accountId() { return Optional.empty(); }

            @Override public String body() { return ""; }

            @Override public Map<String, Object> jsonObject(Set<String> freeTextFields) { return body; }

            @Override public String actor() { return "alice"; }
        };
    }
}
