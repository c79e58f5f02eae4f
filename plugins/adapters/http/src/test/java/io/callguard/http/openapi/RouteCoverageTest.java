package io.callguard.http.openapi;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.audit.AuditQuery;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteResponse;
import io.callguard.http.ListenerOptions;
import io.callguard.http.StoreFailures;
import io.callguard.http.StoreWorker;
import io.callguard.http.admin.AdminContext;
import io.callguard.http.admin.AdminServer;
import io.callguard.http.admin.AmiStatus;
import io.callguard.http.metrics.MetricsOptions;
import io.callguard.http.metrics.MetricsRoute;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.callguard.http.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin listener's OpenAPI document against its router: exact for the built-in routes, a route added without
 * documentation (or documented without a route) named with where to fix it, and the document served without a token.
 */
@ExtendWith(VertxExtension.class)
class RouteCoverageTest {
    /** The store worker every admin server of these tests is given. */
    private WorkerExecutor pool;

    @BeforeEach
    void openPool(Vertx vertx) { pool = vertx.createSharedWorkerExecutor("coverage-test", 1); }

    @AfterEach
    void closePool() { pool.close(); }
    private static final String TOKEN = "route-coverage-token-0123";

    private static AdminServer server(Vertx vertx, WorkerExecutor pool, List<ModuleRoute> routes) {
        AuditLog audit = new AuditLog() {
            @Override public void append(AuditEntry entry) { }

            @Override public List<AuditEntry> list(AuditQuery query) { return List.of(); }
        };
        AdminContext context = new AdminContext(() -> true, new CallTracker(Clock.systemUTC()),
                new StoreWorker(pool, StoreFailures.NONE), () -> AmiStatus.DISABLED, audit);
        ListenerOptions options = new ListenerOptions("127.0.0.1", 0, TOKEN, 4096, Duration.ofSeconds(30), 10, 10);
        return new AdminServer(vertx, options, context, () -> true, JsonObject::new, routes);
    }

    @Test
    void theBuiltInRoutesAreAllDocumentedAndNothingElse(Vertx vertx) {
        assertThat(server(vertx, pool, List.of()).documentCoverage()).isEmpty();
    }

    @Test
    void aRouteAddedWithoutDocumentationFailsNamingTheRouteAndWhereToDocumentIt(Vertx vertx) {
        ModuleRoute undocumented = ModuleRoute.get("/admin/v1/widgets/{widgetId}", r -> RouteResponse.ok(Map.of()));
        List<String> problems = server(vertx, pool, List.of(undocumented)).documentCoverage();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0))
                .startsWith("GET /admin/v1/widgets/{widgetId} is served by the admin API but not in its OpenAPI "
                        + "document (/admin/v1/openapi.json): document it under admin.paths in ")
                .contains("openapi.yaml");
    }

    @Test
    void theOperationsPageIsAStaticMountNotAnApiRouteWhileTheSummaryItReadsIsDocumented(Vertx vertx) {
        AdminServer server = server(vertx, pool, List.of());
        assertThat(RouteCoverage.served(server.router()))
                .contains("GET /admin/v1/ops/summary")
                .noneMatch(route -> route.contains("/admin/ui"));
        assertThat(server.document().operations()).contains("GET /admin/v1/ops/summary")
                .noneMatch(op -> op.contains("/admin/ui"));
    }

    @Test
    void metricsAreDocumentedExactlyWhenTheListenerServesThem(Vertx vertx) {
        AdminServer off = server(vertx, pool, List.of());
        assertThat(off.document().operations()).doesNotContain("GET /metrics");
        assertThat(off.documentCoverage()).isEmpty();

        AdminServer on = server(vertx, pool, List.of())
                .metrics(new MetricsRoute(vertx, MetricsOptions.defaults(), TOKEN, () -> "# EOF\n"));
        assertThat(RouteCoverage.served(on.router())).contains("GET /metrics");
        assertThat(on.document().operations()).contains("GET /metrics");
        assertThat(on.documentCoverage()).isEmpty();
    }

    @Test
    void aModuleFragmentDocumentsOnlyTheRoutesItsModuleMounts(Vertx vertx) {
        URL fragment = getClass().getResource("widgets-openapi.yaml");
        Map<String, URL> fragments = Map.of("test/widgets-openapi.yaml", fragment);
        ModuleRoute widget = ModuleRoute.get("/admin/v1/widgets/{widgetId}", r -> RouteResponse.ok(Map.of()));

        OpenApiDocument mounted = OpenApiDocument.build(OpenApiDocument.ADMIN, List.of(widget), fragments);
        assertThat(mounted.operations()).contains("GET /admin/v1/widgets/{widgetId}")
                .doesNotContain("DELETE /admin/v1/widgets/{widgetId}");
        assertThat(mounted.dropped()).containsExactly("DELETE /admin/v1/widgets/{widgetId} (test/widgets-openapi.yaml)");
        assertThat(mounted.json().getJsonObject("components").getJsonObject("schemas").containsKey("Widget")).isTrue();

        OpenApiDocument notStarted = OpenApiDocument.build(OpenApiDocument.ADMIN, List.of(), fragments);
        assertThat(notStarted.operations()).noneMatch(op -> op.contains("widgets"));
    }

    @Test
    void anOperationDocumentedTwiceFailsTheBuildNamingBothSources() {
        URL fragment = getClass().getResource("widgets-openapi.yaml");
        ModuleRoute widget = ModuleRoute.get("/admin/v1/widgets/{widgetId}", r -> RouteResponse.ok(Map.of()));
        assertThatThrownBy(() -> OpenApiDocument.build(OpenApiDocument.ADMIN, List.of(widget),
                Map.of("a/openapi.yaml", fragment, "b/openapi.yaml", fragment)))
                .hasMessageContaining("GET /admin/v1/widgets/{widgetId} is documented twice");
    }

    @Test
    void theDocumentIsServedWithoutTheTokenAndTheApiStillNeedsIt(Vertx vertx) {
        AdminServer server = server(vertx, pool, List.of());
        WebClient client = WebClient.create(vertx);
        try {
            int port = await(server.start());
            HttpResponse<Buffer> doc = await(client.get(port, "127.0.0.1", "/admin/v1/openapi.json").send());
            assertThat(doc.statusCode()).isEqualTo(200);
            assertThat(doc.getHeader("Content-Type")).isEqualTo("application/json");
            JsonObject json = doc.bodyAsJsonObject();
            assertThat(json.getString("openapi")).isEqualTo("3.1.0");
            assertThat(json.getJsonObject("paths").fieldNames()).contains("/admin/v1/audit", "/health", "/ready");
            assertThat(json.getJsonObject("paths").getJsonObject("/admin/v1/calls").getJsonObject("get")
                    .getJsonObject("responses").containsKey("200")).as("status codes are strings").isTrue();
            assertThat(await(client.get(port, "127.0.0.1", "/admin/v1/calls").send()).statusCode()).isEqualTo(401);
        } finally {
            client.close();
            await(server.stop());
        }
    }
}
