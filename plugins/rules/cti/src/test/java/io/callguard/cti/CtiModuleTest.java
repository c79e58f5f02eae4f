package io.callguard.cti;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.ConfigView;
import io.callguard.core.control.CallControl;
import io.callguard.core.control.CallEventListener;
import io.callguard.core.control.OriginateReply;
import io.callguard.core.control.OriginateRequest;
import io.callguard.core.directory.Directory;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RuleModules;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.DecisionListener;
import io.callguard.core.state.InMemorySlidingWindows;
import io.callguard.core.state.SlidingWindows;
import io.callguard.core.time.MutableClock;
import io.callguard.cti.callback.HttpPoster;
import io.callguard.cti.keys.ApiKeyRepository;
import io.callguard.cti.keys.ApiKeyService;
import io.callguard.cti.keys.InMemoryApiKeyRepository;
import io.callguard.cti.keys.IssuedKey;
import io.callguard.cti.sms.InMemorySmsRepository;
import io.callguard.cti.sms.SmsRepository;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/** The cti module over in-memory parts: found, started, served, timed and stopped as the app runs it. */
class CtiModuleTest {
    private final MutableClock clock = new MutableClock(CtiFixture.T0);
    private final CtiFixture fixture = new CtiFixture();
    private final InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final Map<Class<?>, Object> services = new HashMap<>();

    CtiModuleTest() {
        CallControl control = new CallControl() {
            @Override public CompletionStage<OriginateReply> originate(OriginateRequest request) {
                return CompletableFuture.failedFuture(new IllegalStateException("AMI is down"));
            }

            @Override public CompletionStage<List<LiveCall>> liveChannels() { return CompletableFuture.completedFuture(List.of()); }

            @Override public void hangup(String channel, int cause) { }
        };
        services.putAll(Map.of(Clock.class, clock, Directory.class, fixture.directory,
                AccountStatus.class, fixture.accountStatus, CallControl.class, control,
                SlidingWindows.class, new InMemorySlidingWindows(), FrenchNumberingPlan.class,
                FrenchNumberingPlan.withDefaults(), AuditLog.class, audit, ApiKeyRepository.class, keys,
                SmsRepository.class, new InMemorySmsRepository(), TaskScheduler.class, scheduler));
        services.put(HttpPoster.Factory.class, (HttpPoster.Factory) settings -> (url, json) ->
                CompletableFuture.completedFuture(200));
    }

    @Test
    void theModuleIsFoundAndDeclaresEveryCtiKeyButTheListeners() {
        assertThat(RuleModules.discover().all()).anyMatch(m -> m instanceof CtiModule && m.name().equals("cti"));
        assertThat(new CtiModule().options()).extracting(o -> o.path())
                .contains("cti.enabled", "cti.sms.perSecond", "cti.keys.refreshInterval")
                .doesNotContain("cti.host", "cti.port", "cti.maxBodyBytes", "cti.idleTimeout", "cti.maxConnections",
                        "cti.maxConnectionsPerAddress");
    }

    @Test
    void disabledItStillIssuesKeysButServesNothingAndRunsNoTimer() throws Exception {
        String stored = new ApiKeyService(keys, clock).issue(CtiFixture.A, "before").secret();
        CtiModule module = new CtiModule();
        module.start(context(Map.of(CtiOptions.ENABLED, "false")));

        assertThat(module.apiKeys().authenticate(stored)).as("keys loaded at start").isPresent();
        assertThat(module.ctiRoutes()).isEmpty();
        assertThat(module.timers()).isEmpty();
        assertThat(module.sms()).isNull();
        assertThat(module.services()).containsKeys(ApiKeyService.class, CallEventListener.class, DecisionListener.class)
                .doesNotContainKey(CtiAccess.class);
        assertThat(module.adminRoutes()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST /admin/v1/accounts/{id}/api-keys", "GET /admin/v1/accounts/{id}/api-keys",
                "DELETE /admin/v1/accounts/{id}/api-keys/{keyId}");

        RouteResponse issued = route(module.adminRoutes(), "POST").handler().handle(
                request(Map.of("id", CtiFixture.A), "{\"label\":\"CRM\"}", Map.of("label", "CRM"), null));
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.headers().get("Location")).startsWith("/admin/v1/accounts/acct-a/api-keys/");
        assertThat(audit.all()).extracting(e -> e.action()).containsExactly("apikey.issue");
        RouteResponse unknown = route(module.adminRoutes(), "GET").handler().handle(
                request(Map.of("id", "nobody"), "", Map.of(), null));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.detail()).isEqualTo("account 'nobody' not found");
        module.stop();
    }

    @Test
    void enabledItServesSmsAndCallsWithItsThreeTimers() throws Exception {
        CtiModule module = new CtiModule();
        module.start(context(Map.of("cti.sms.gatewayUri", "sip:sms@127.0.0.1:5999", "cti.keys.refreshInterval", "5s")));
        try {
            assertThat(module.services()).containsKey(CtiAccess.class);
            assertThat(module.ctiRoutes()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                    "POST /cti/v1/sms", "GET /cti/v1/sms/{smsId}", "POST /cti/v1/calls", "GET /cti/v1/calls/{callId}");
            assertThat(module.timers()).extracting(ModuleTimer::name, ModuleTimer::period, ModuleTimer::blocking)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("cti-keys-refresh", Duration.ofSeconds(5), true),
                            org.assertj.core.groups.Tuple.tuple("cti-keys-last-use", Duration.ofMinutes(1), true),
                            org.assertj.core.groups.Tuple.tuple("cti-calls-prune", Duration.ofHours(1), false));

            IssuedKey key = module.apiKeys().issue(CtiFixture.A, "crm");
            Map<String, Object> body = new HashMap<>(Map.of("from", CtiFixture.A_NUMBER, "to", "0612345678", "text", "hi"));
            RouteResponse accepted = route(module.ctiRoutes(), "POST").handler().handle(
                    request(Map.of(), "{...}", body, key));
            assertThat(accepted.status()).isEqualTo(202);
            assertThat(accepted.headers().get("Location")).startsWith("/cti/v1/sms/sms_");

            RouteResponse limited = route(module.ctiRoutes(), "POST").handler().handle(request(Map.of(), "{...}", body, key));
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.kind().kind()).isEqualTo("sms-rate-limit");
            assertThat(limited.kind().members()).containsEntry("window", "1/s").containsEntry("retryAfterSeconds", 1L);
            assertThat(limited.headers()).containsEntry("Retry-After", "1");

            fixture.suspended.put(CtiFixture.A, "CREDIT_THRESHOLD");
            RouteResponse suspended = route(module.ctiRoutes(), "POST /cti/v1/calls").handler().answer(request(Map.of(), "{...}",
                    new HashMap<>(Map.of("line", CtiFixture.A_TRUNK, "to", "0612345678")), key))
                    .toCompletableFuture().get();
            assertThat(suspended.status()).isEqualTo(403);
            assertThat(suspended.kind().kind()).isEqualTo("account-suspended");
            assertThat(suspended.kind().members()).containsEntry("reason", "CREDIT_THRESHOLD");
        } finally {
            module.stop();
        }
        assertThat(module.services()).isEmpty();
    }

    private static ModuleRoute route(List<ModuleRoute> routes, String what) {
        return routes.stream().filter(r -> (r.method() + " " + r.path()).startsWith(what)).findFirst().orElseThrow();
    }

    private ModuleContext context(Map<String, String> values) {
        ConfigValues view = ConfigValues.defaults(CtiOptions.OPTIONS);
        values.forEach((k, v) -> view.set(k, v, "test"));
        return new ModuleContext() {
            @Override public ConfigView config() { return view; }

            @Override public <T> T service(Class<T> type) {
                Object s = services.get(type);
                if (s == null) throw new NoSuchElementException(type.getSimpleName());
                return type.cast(s);
            }
        };
    }

    private static RouteRequest request(Map<String, String> path, String body, Map<String, Object> json, IssuedKey key) {
        return new RouteRequest() {
            @Override public String pathParam(String name) { return path.get(name); }

            @Override public Optional<String> query(String name) { return Optional.empty(); }

            @Override public Optional<String> header(String name) { return Optional.empty(); }

            @Override public Optional<String> accountId() { return Optional.ofNullable(key).map(k -> k.key().accountId()); }

            @Override public Optional<String> apiKeyId() { return Optional.ofNullable(key).map(IssuedKey::id); }

            @Override public String body() { return body; }

            @Override public Map<String, Object> jsonObject(Set<String> freeTextFields) { return json; }

            @Override public String actor() { return "alice"; }
        };
    }
}
