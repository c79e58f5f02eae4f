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

    /** A later answer's stage failing with the route's 400 (thrown in thenApply: wrapped) is that 400, not a 500. */
    @Test
    void anInvalidFieldThrownInALaterStageIsTheValidationProblem(Vertx vertx) throws Exception {
        List<ModuleRoute> routes = List.of(new ModuleRoute(ModuleRoute.Method.POST, "/admin/v1/later", false, true,
                ModuleRoute.Handler.later(r -> java.util.concurrent.CompletableFuture.completedFuture("x")
                        .thenApply(x -> {
                            throw RouteResponse.InvalidFields.of("to", "is not a number");
                        }))));
        WorkerExecutor pool = vertx.createSharedWorkerExecutor("module-routes-later-test", 1);
        Router router = Router.router(vertx);
        ModuleRoutes.mount(router, routes, new StoreWorker(pool, StoreFailures.NONE));
        HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        WebClient client = WebClient.create(vertx);
        try {
            HttpResponse<Buffer> r = await(client.post(server.actualPort(), "127.0.0.1", "/admin/v1/later").send());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.bodyAsJsonObject().getString("type")).isEqualTo("urn:callguard:problem:validation");
            assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("to");
        } finally {
            client.close();
            await(server.close());
            pool.close();
        }
    }

    @Test
    void aStreamedBodyIsSentChunkedOnAWorkerAndItsFailureIsAProblemBeforeTheFirstPieceAndACutConnectionAfter(Vertx vertx)
            throws Exception {
        List<ModuleRoute> routes = List.of(
                new ModuleRoute(ModuleRoute.Method.GET, "/admin/v1/lines", false, true, r -> RouteResponse.streamed(200,
                        new io.callguard.core.module.StreamedBody() {
                            @Override public String contentType() { return "text/plain; charset=utf-8"; }

                            @Override public void writeTo(Sink sink) throws Exception {
                                for (int i = 0; i < 1000; i++) sink.write("line " + i + " on worker " + Context.isOnWorkerThread() + "\n");
                            }
                        }, Map.of("Content-Disposition", "attachment; filename=\"lines.txt\""))),
                new ModuleRoute(ModuleRoute.Method.GET, "/admin/v1/early", false, true, r -> RouteResponse.streamed(200,
                        new io.callguard.core.module.StreamedBody() {
                            @Override public String contentType() { return "text/plain"; }

                            @Override public void writeTo(Sink sink) {
                                throw RouteResponse.InvalidFields.of("cursor", "is not a cursor");
                            }
                        }, Map.of())),
                new ModuleRoute(ModuleRoute.Method.GET, "/admin/v1/late", false, true, r -> RouteResponse.streamed(200,
                        new io.callguard.core.module.StreamedBody() {
                            @Override public String contentType() { return "text/plain"; }

                            @Override public void writeTo(Sink sink) throws Exception {
                                sink.write("a first piece\n");
                                throw new IllegalStateException("the store went away");
                            }
                        }, Map.of())));
        WorkerExecutor pool = vertx.createSharedWorkerExecutor("module-routes-stream-test", 1);
        Router router = Router.router(vertx);
        ModuleRoutes.mount(router, routes, new StoreWorker(pool, StoreFailures.NONE));
        HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        WebClient client = WebClient.create(vertx);
        try {
            int port = server.actualPort();
            HttpResponse<Buffer> lines = await(client.get(port, "127.0.0.1", "/admin/v1/lines").send());
            assertThat(lines.statusCode()).isEqualTo(200);
            assertThat(lines.getHeader("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(lines.getHeader("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(lines.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"lines.txt\"");
            assertThat(lines.bodyAsString().split("\n")).hasSize(1000).allMatch(l -> l.endsWith("on worker true"));

            HttpResponse<Buffer> early = await(client.get(port, "127.0.0.1", "/admin/v1/early").send());
            assertThat(early.statusCode()).isEqualTo(400);
            assertThat(early.getHeader("Content-Type")).startsWith("application/problem+json");
            assertThat(early.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("cursor");

            var late = client.get(port, "127.0.0.1", "/admin/v1/late").send().toCompletionStage().toCompletableFuture();
            assertThat(late).as("a body cut after its first piece never looks complete")
                    .failsWithin(java.time.Duration.ofSeconds(10));
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
