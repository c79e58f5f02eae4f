package io.callguard.server.metrics;

import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code metrics.allowFrom} (no token needed from a listed address, needed from others) and {@code metrics.enabled}. */
class MetricsAccessTest {
    @TempDir Path dir;
    private Vertx vertx;
    private CallguardApp app;

    @AfterEach
    void stop() {
        if (app != null) await(app.stop());
        if (vertx != null) await(vertx.close());
    }

    private HttpResponse<Buffer> get(Map<String, String> env, String token) {
        app = TestApps.start(TestApps.config(dir, env));
        vertx = Vertx.vertx();
        var request = WebClient.create(vertx).get(app.adminPort(), "127.0.0.1", "/metrics");
        if (token != null) request.bearerTokenAuthentication(token);
        return await(request.send());
    }

    @Test
    void anAllowListedAddressScrapesWithoutAToken() {
        HttpResponse<Buffer> r = get(Map.of("CALLGUARD_METRICS_ALLOW_FROM", "10.0.0.0/8,127.0.0.0/8"), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).contains("callguard_fastagi_sessions_open", "jvm_memory_used_bytes");
    }

    @Test
    void anAddressOutsideTheListNeedsAToken() {
        HttpResponse<Buffer> r = get(Map.of("CALLGUARD_METRICS_ALLOW_FROM", "10.0.0.0/8,::1/128"), null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("metrics.allowFrom");
    }

    @Test
    void withMetricsOffThereIsNoRouteAndNoRegistry() {
        HttpResponse<Buffer> r = get(Map.of("CALLGUARD_METRICS_ENABLED", "false"), TestApps.TOKEN);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(app.meterRegistry()).isNotInstanceOf(PrometheusMeterRegistry.class);
        // a composite of no registry: the meters the modules register record nothing
        assertThat(app.meterRegistry()).isInstanceOf(CompositeMeterRegistry.class);
        assertThat(((CompositeMeterRegistry) app.meterRegistry()).getRegistries()).isEmpty();
    }
}
