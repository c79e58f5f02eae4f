package io.callguard.caps;

import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.ConfigView;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RuleModule;
import io.callguard.core.module.RuleModules;
import io.callguard.core.policy.PolicyProvider;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallCapsModuleTest {
    @Test
    void foundByServiceLoaderWithItsPoliciesAndOptions() {
        RuleModule caps = RuleModules.discover().enabled(List.of(CallCapsModule.NAME)).all().get(0);
        assertThat(caps).isInstanceOf(CallCapsModule.class);
        List<String> registered = ServiceLoader.load(PolicyProvider.class).stream().map(p -> p.get().name()).toList();
        assertThat(caps.policies()).extracting(PolicyProvider::name)
                .containsExactlyInAnyOrder(ChannelCapPolicy.NAME, CallsPerSecondPolicy.NAME)
                .allMatch(registered::contains);
        assertThat(caps.options()).isSameAs(CapsOptions.OPTIONS);
    }

    @Test
    @SuppressWarnings("unchecked")
    void servesTheUsageOfTheCapsTheAppRegistered() throws Exception {
        TrunkUsage usage = new TrunkUsage("t1", "acme", 2, 1,
                List.of(new TrunkUsage.Reservation("1700000000.1", null, 5, Instant.parse("2026-01-01T00:00:00Z"), true)));
        ModuleRoute route = TrunkUsageRoute.of(id -> id.equals("t1") ? Optional.of(usage) : Optional.empty());
        assertThat(route.method()).isEqualTo(ModuleRoute.Method.GET);
        assertThat(route.takesBody()).isFalse();
        assertThat(route.blocking()).as("answered from memory").isFalse();

        RouteResponse found = route.handler().handle(request("t1"));
        assertThat(found.status()).isEqualTo(200);
        Map<String, Object> reservation = new LinkedHashMap<>();
        reservation.put("holder", "1700000000.1");
        reservation.put("channel", null);
        reservation.put("ageSeconds", 5L);
        reservation.put("expiresAt", "2026-01-01T00:00:00Z");
        reservation.put("forced", true);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("trunkId", "t1");
        expected.put("accountId", "acme");
        expected.put("cap", 2);
        expected.put("inUse", 1);
        expected.put("reservations", List.of(reservation));
        assertThat(found.body()).isEqualTo(expected);
        assertThat(((Map<String, Object>) found.body()).keySet()).as("the documented field order")
                .containsExactly("trunkId", "accountId", "cap", "inUse", "reservations");

        RouteResponse unknown = route.handler().handle(request("nope"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.detail()).isEqualTo("trunk 'nope' not found");
        assertThat(route.handler().handle(request("bad id")).detail()).isEqualTo("trunk 'bad id' not found");
    }

    @Test
    void startTakesTheAppsCallCapsAndStopForgetsThem() {
        CallCapsModule module = new CallCapsModule();
        ModuleContext none = new ModuleContext() {
            @Override public ConfigView config() { return ConfigValues.defaults(CapsOptions.OPTIONS); }

            @Override public <T> T service(Class<T> type) { throw new NoSuchElementException("no service " + type.getSimpleName() + " registered"); }
        };
        assertThatThrownBy(() -> module.start(none))
                .hasMessage("no service CallCaps registered");
        assertThatThrownBy(module::adminRoutes).hasMessage("call-caps is not started");
    }

    private static RouteRequest request(String trunkId) {
        return new RouteRequest() {
            @Override public String pathParam(String name) { return name.equals("trunkId") ? trunkId : null; }

            @Override public Optional<String> query(String name) { return Optional.empty(); }

            @Override public Optional<String> header(String name) { return Optional.empty(); }

            @Override public Optional<String> accountId() { return Optional.empty(); }

            @Override public String body() { return ""; }
        };
    }
}
