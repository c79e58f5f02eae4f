package io.callguard.credit;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.ConfigView;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RuleModules;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.policy.Direction;
import io.callguard.core.rating.CallRater;
import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.core.time.MutableClock;
import io.callguard.credit.rating.InMemoryTariffPlanRepository;
import io.callguard.credit.rating.RatedCallListener;
import io.callguard.credit.rating.RatingOptions;
import io.callguard.credit.rating.TariffPlanRepository;
import io.callguard.credit.rating.Tariffs;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The module's rating part as the app runs it: found, configured, started over in-memory parts, served, stopped. */
class CreditModuleRatingTest {
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private final InMemoryTariffPlanRepository repository = new InMemoryTariffPlanRepository();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final List<CallRating> heard = new ArrayList<>();
    private final Map<Class<?>, Object> services = Map.of(Clock.class, new MutableClock(T0),
            TariffPlanRepository.class, repository, AuditLog.class, audit,
            io.callguard.core.directory.Directory.class, new io.callguard.core.directory.InMemoryDirectory(),
            RatedCallListener.class, (RatedCallListener) (call, rating) -> heard.add(rating));

    private ModuleContext context(ConfigView config) {
        return new ModuleContext() {
            @Override public ConfigView config() { return config; }

            @Override public <T> T service(Class<T> type) {
                return find(type).orElseThrow(() -> new NoSuchElementException("no service " + type.getSimpleName()));
            }

            @Override public <T> Optional<T> find(Class<T> type) { return Optional.ofNullable(services.get(type)).map(type::cast); }
        };
    }

    private static RouteRequest put(String id, Map<String, Object> body) {
        return new RouteRequest() {
            @Override public String pathParam(String name) { return id; }
            @Override public Optional<String> query(String name) { return Optional.empty(); }
            @Override public Optional<String> header(String name) { return Optional.empty(); }
            @Override public Optional<String> accountId() { return Optional.empty(); }
            @Override public String body() { return ""; }
            @Override public Map<String, Object> jsonObject(Set<String> freeTextFields) { return body; }
            @Override public String actor() { return "alice"; }
        };
    }

    private static CallRecord answeredMobile(long seconds) {
        ClassifiedNumber n = FrenchNumberingPlan.withDefaults().classify("0612345678");
        return new CallRecord("u1", "", "acme", "t", Direction.OUTBOUND, "0140000000", "0612345678", n.normalized(),
                n.category(), "", "ALLOW", "", T0, T0, T0.plusSeconds(seconds), seconds, Disposition.ANSWERED, 16, "", false);
    }

    @Test
    void theModuleDeclaresItsRatingOptions() {
        assertThat(RuleModules.discover().all()).anyMatch(m -> m instanceof CreditModule);
        assertThat(new CreditModule().options()).extracting(o -> o.path())
                .contains(RatingOptions.DEFAULT_PLAN, RatingOptions.PLANS_REFRESH_INTERVAL);
    }

    @Test
    void aPlanWrittenThroughItsRouteRatesTheDefaultPlansAccountsAndTheListenersHearIt() throws Exception {
        CreditModule module = new CreditModule();
        ConfigValues config = ConfigValues.defaults(module.options()).set(RatingOptions.DEFAULT_PLAN, "pro", "test");
        module.start(context(config));
        assertThat(config.problems()).isEmpty();
        assertThat(module.services()).containsKeys(Tariffs.class, CallRater.class);
        CallRater rater = (CallRater) module.services().get(CallRater.class);
        assertThat(rater.rate(answeredMobile(95))).as("plan 'pro' not written yet").isEmpty();

        ModuleRoute putPlan = module.adminRoutes().stream()
                .filter(r -> r.method() == ModuleRoute.Method.PUT).findFirst().orElseThrow();
        RouteResponse created = putPlan.handler().handle(put("pro", Map.of("firstIncrementSeconds", 30, "rates",
                List.of(Map.of("id", "mobile", "destination", "MOBILE", "perMinuteCents", 15)))));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers()).containsEntry("Location", "/admin/v1/tariff-plans/pro?version=1");
        assertThat(audit.all()).hasSize(1);

        CallRating r = rater.rate(answeredMobile(95)).orElseThrow();
        assertThat(r.amountCents()).isEqualByComparingTo(new BigDecimal("23.75"));
        assertThat(heard).containsExactly(r);
        assertThat(module.timers()).extracting(t -> t.name()).contains("tariff-plans-refresh");
        module.stop();
        assertThat(module.services()).isEmpty();
    }

    @Test
    void aBadDefaultPlanIdIsAConfigurationProblemNamingTheKey() {
        CreditModule module = new CreditModule();
        ConfigValues config = ConfigValues.defaults(module.options()).set(RatingOptions.DEFAULT_PLAN, "pro plan!", "test");
        module.start(context(config));
        assertThat(config.problems()).singleElement().asString().contains(RatingOptions.DEFAULT_PLAN);
        module.stop();
    }
}
