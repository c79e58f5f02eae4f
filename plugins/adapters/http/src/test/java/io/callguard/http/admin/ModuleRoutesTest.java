package io.callguard.http.admin;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteResponse;
import io.callguard.http.ModuleRouteMount;
import io.callguard.http.StoreFailures;
import io.callguard.http.StoreWorker;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static io.callguard.http.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

/** A module's route definitions, served by the admin adapter: parameters, body, worker threads, problems. */
@ExtendWith(VertxExtension.class)
class ModuleRoutesTest {
    @Test
    void moduleRoutesAreServedAsTheBuiltInOnes(Vertx vertx) throws Exception {
        List<ModuleRoute> routes = List.of(
                new ModuleRoute(ModuleRoute.Method.POST, "/admin/v1/toys/{toyId}", true, true, r -> RouteResponse.json(201,
                        Map.of("toyId", r.pathParam("toyId"), "body", r.body(), "worker", Context.isOnWorkerThread(),
                                "color", r.query("color").orElse("none"), "actor", r.header("X-Actor").orElse("none"),
                                "account", r.accountId().orElse("none")))),
                ModuleRoute.get("/admin/v1/toys/{toyId}", r -> RouteResponse.conflict("toy '" + r.pathParam("toyId") + "' is busy")),
                new ModuleRoute(ModuleRoute.Method.DELETE, "/admin/v1/toys/{toyId}", false, false, r -> RouteResponse.noContent()),
                ModuleRoute.get("/admin/v1/boom", r -> {
                    throw new IllegalStateException("a bug");
                }));
        WorkerExecutor pool = vertx.createSharedWorkerExecutor("module-routes-test", 1);
        Router router = Router.router(vertx);
        router.route("/admin/*").handler(BodyHandler.create(false));
        ModuleRoutes.mount(router, routes, new StoreWorker(pool, StoreFailures.NONE));
        HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        WebClient client = WebClient.create(vertx);
        try {
            int port = server.actualPort();
            HttpResponse<Buffer> created = await(client.post(port, "127.0.0.1", "/admin/v1/toys/t-1?color=red")
                    .putHeader("X-Actor", "alice").sendJsonObject(new JsonObject().put("n", 1)));
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.bodyAsJsonObject()).isEqualTo(new JsonObject().put("toyId", "t-1")
                    .put("body", "{\"n\":1}").put("worker", true).put("color", "red").put("actor", "alice")
                    .put("account", "none"));

            HttpResponse<Buffer> busy = await(client.get(port, "127.0.0.1", "/admin/v1/toys/t-1").send());
            assertThat(busy.statusCode()).isEqualTo(409);
            assertThat(busy.getHeader("Content-Type")).startsWith("application/problem+json");
            assertThat(busy.bodyAsJsonObject().getString("detail")).isEqualTo("toy 't-1' is busy");
            assertThat(busy.bodyAsJsonObject().getString("title")).isEqualTo("Conflict");

            assertThat(await(client.delete(port, "127.0.0.1", "/admin/v1/toys/t-1").send()).statusCode()).isEqualTo(204);

            HttpResponse<Buffer> boom = await(client.get(port, "127.0.0.1", "/admin/v1/boom").send());
            assertThat(boom.statusCode()).isEqualTo(500);
            assertThat(boom.bodyAsString()).as("a bug's message stays in the log").doesNotContain("a bug");
        } finally {
            client.close();
            await(server.close());
            pool.close();
        }
    }

    @Test
    void pathParametersBecomeVertxOnes() {
        assertThat(ModuleRouteMount.vertxPath("/admin/v1/trunks/{trunkId}/usage")).isEqualTo("/admin/v1/trunks/:trunkId/usage");
    }
}
