package io.callguard.tariff;

import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.ConfigView;
import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.NumberTariffFields;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.module.BodyFields;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.directory.Directory;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RuleModule;
import io.callguard.core.module.RuleModules;
import io.callguard.core.policy.PolicyProvider;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TariffAnnouncementModuleTest {
    @Test
    void foundByServiceLoaderWithItsPolicyAndNoOptions() {
        RuleModule tariff = RuleModules.discover().enabled(List.of(TariffAnnouncementModule.NAME)).all().get(0);
        assertThat(tariff).isInstanceOf(TariffAnnouncementModule.class);
        assertThat(tariff.policies()).extracting(PolicyProvider::name)
                .containsExactly(TariffAnnouncementPolicy.NAME);
        assertThat(RuleModules.discover().policyOwners())
                .containsEntry(TariffAnnouncementPolicy.NAME, TariffAnnouncementModule.NAME);
        assertThat(tariff.options()).as("charges and the option live on each number").isEmpty();
        assertThat(tariff.migrations()).as("the numbers' tariffs are the directory's columns").isEmpty();
    }

    @Test
    void servesTheReportsOfTheDirectoryTheAppRegisteredOffTheEventLoop() throws Exception {
        TariffFixture fixture = new TariffFixture();
        TariffAnnouncementModule module = new TariffAnnouncementModule();
        module.start(context(Map.of(Directory.class, fixture.directory)));

        List<ModuleRoute> routes = module.adminRoutes();
        assertThat(routes).extracting(ModuleRoute::path).containsExactly(TariffRoutes.PROMPTS,
                TariffRoutes.SPECIAL_NUMBERS, TariffRoutes.ANNOUNCEMENT_OFF);
        assertThat(routes).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo(ModuleRoute.Method.GET);
            assertThat(r.takesBody()).isFalse();
            assertThat(r.blocking()).as("walks the whole directory").isTrue();
        });

        // the directory walk: numbers of the accounts it knows (ghost's is not among them)
        List<DidNumber> known = List.copyOf(fixture.directory.numbersOf(TariffFixture.ACME.id()));
        RouteResponse prompts = routes.get(0).handler().handle(NO_REQUEST);
        assertThat(prompts.status()).isEqualTo(200);
        assertThat(prompts.body()).isEqualTo(TariffPrompts.inUse(known).stream()
                .map(TariffRoutes::prompt).toList());
        assertThat(prompts.body()).asList().isNotEmpty();

        RouteResponse special = routes.get(1).handler().handle(NO_REQUEST);
        assertThat(special.body()).asList().hasSize(TariffReports.specialNumbers(known).size());

        RouteResponse off = routes.get(2).handler().handle(NO_REQUEST);
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.body()).asList().singleElement().isEqualTo(TariffRoutes.view(
                TariffReports.announcementsOff(known).get(0)));
        @SuppressWarnings("unchecked")
        Map<String, Object> view = (Map<String, Object>) ((List<?>) off.body()).get(0);
        assertThat(view.keySet()).as("the documented field order").containsExactly("number", "accountId", "category",
                "chargeCents", "chargeUnit", "announcement", "announcementOffAt", "announcementOffBy", "prompt",
                "tariffMissing");
        assertThat(view).containsEntry("number", "0899123457").containsEntry("chargeUnit", "MINUTE")
                .containsEntry("announcement", false).containsEntry("announcementOffAt", "2026-01-15T08:30:00Z")
                .containsEntry("announcementOffBy", "admin:ops").containsEntry("prompt", "");

        module.stop();
        assertThatThrownBy(module::adminRoutes).hasMessage("tariff-announcement is not started");
    }

    @Test
    void startNeedsTheDirectory() {
        TariffAnnouncementModule module = new TariffAnnouncementModule();
        assertThatThrownBy(() -> module.start(context(Map.of()))).hasMessage("no service Directory registered");
        assertThatThrownBy(module::adminRoutes).hasMessage("tariff-announcement is not started");
    }

    private static ModuleContext context(Map<Class<?>, Object> services) {
        return new ModuleContext() {
            @Override public ConfigView config() { return ConfigValues.defaults(List.of()); }

            @Override
            public <T> T service(Class<T> type) {
                return find(type).orElseThrow(() -> new NoSuchElementException("no service " + type.getSimpleName() + " registered"));
            }

            @Override
            public <T> Optional<T> find(Class<T> type) { return Optional.ofNullable(services.get(type)).map(type::cast); }
        };
    }

    private static final RouteRequest NO_REQUEST = new RouteRequest() {
        @Override public String pathParam(String name) { return null; }

        @Override public Optional<String> query(String name) { return Optional.empty(); }

        @Override public Optional<String> header(String name) { return Optional.empty(); }

        @Override public Optional<String> accountId() { return Optional.empty(); }

        @Override public String body() { return ""; }
    };

    /** The directory's number routes read a number's tariff through the service this module declares. */
    @Test
    void offersTheNumbersTariffFieldsToTheDirectory() {
        TariffAnnouncementModule module = new TariffAnnouncementModule();
        NumberTariffFields fields = (NumberTariffFields) module.services().get(NumberTariffFields.class);
        assertThat(fields.fields()).isEqualTo(NumberTariffs.FIELDS);
        ClassifiedNumber n089 = FrenchNumberingPlan.withDefaults().classify("0899123456");
        Instant at = Instant.parse("2026-02-02T09:00:00Z");

        BodyFields ok = new BodyFields(Map.of("chargeCents", 80, "chargeUnit", "MINUTE"), NumberTariffs.FIELDS);
        assertThat(fields.read(ok, n089, at, "alice")).isEqualTo(SpecialTariff.of(80, ChargeUnit.MINUTE));
        assertThat(ok.valid()).isTrue();

        BodyFields tooDear = new BodyFields(Map.of("chargeCents", 500, "chargeUnit", "MINUTE"), NumberTariffs.FIELDS);
        assertThat(fields.read(tooDear, n089, at, "alice")).isNull();
        assertThatThrownBy(tooDear::throwIfInvalid).isInstanceOfSatisfying(RouteResponse.InvalidFields.class,
                e -> assertThat(e.errors()).singleElement().satisfies(err -> {
                    assertThat(err.field()).isEqualTo("chargeCents");
                    assertThat(err.message()).contains("ARCEP 2012-0856");
                }));

        BodyFields malformed = new BodyFields(Map.of("chargeCents", 500, "chargeUnit", "HOUR"), NumberTariffs.FIELDS);
        assertThat(fields.read(malformed, n089, at, "alice")).isNull();
        assertThatThrownBy(malformed::throwIfInvalid).isInstanceOfSatisfying(RouteResponse.InvalidFields.class,
                e -> assertThat(e.errors()).as("the rule judges a well-formed body only")
                        .containsExactly(new RouteResponse.InvalidFields.FieldError("chargeUnit",
                                "must be MINUTE or CALL, got 'HOUR'")));

        DidNumber shown = new DidNumber("0899123456", "acme", null, SpecialTariff.of(80, ChargeUnit.MINUTE));
        assertThat(fields.json(shown)).isEqualTo(NumberTariffs.json(shown));
    }
}
