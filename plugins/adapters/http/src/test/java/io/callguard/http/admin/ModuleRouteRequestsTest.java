package io.callguard.http.admin;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteResponse;
import io.callguard.http.StoreFailures;
import io.callguard.http.StoreWorker;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.callguard.http.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a module route reads and answers beyond the basics, through the admin adapter: the checked JSON body, the
 * actor, repeated query parameters, a Location header and a validation problem naming its fields.
 */
@ExtendWith(VertxExtension.class)
class ModuleRouteRequestsTest {
    @Test
    void bodiesActorsQueriesHeadersAndFieldErrorsAreTheAdminApis(Vertx vertx) throws Exception {
        List<ModuleRoute> routes = List.of(
                new ModuleRoute(ModuleRoute.Method.POST, "/admin/v1/toys", true, true, r -> {
                    String actor = r.actor();
                    Map<String, Object> body = r.jsonObject(Set.of("note"));
                    if (!(body.get("name") instanceof String name)) {
                        throw new RouteResponse.InvalidFields(List.of(
                                new RouteResponse.InvalidFields.FieldError("name", "is required"),
                                new RouteResponse.InvalidFields.FieldError("size", "must be 1..3")));
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("name", name);
                    out.put("actor", actor);
                    return RouteResponse.created("/admin/v1/toys/" + name, out);
                }),
                ModuleRoute.get("/admin/v1/toys", r -> RouteResponse.ok(List.copyOf(r.queries("kind")))));
        WorkerExecutor pool = vertx.createSharedWorkerExecutor("module-route-requests-test", 1);
        Router router = Router.router(vertx);
        router.route("/admin/*").handler(BodyHandler.create(false));
        ModuleRoutes.mount(router, routes, new StoreWorker(pool, StoreFailures.NONE));
        HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        WebClient client = WebClient.create(vertx);
        try {
            int port = server.actualPort();
            HttpResponse<Buffer> created = await(client.post(port, "127.0.0.1", "/admin/v1/toys")
                    .putHeader(Actor.HEADER, "alice").sendJsonObject(new JsonObject().put("name", "ball")));
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.getHeader("Location")).isEqualTo("/admin/v1/toys/ball");
            assertThat(created.bodyAsJsonObject()).isEqualTo(new JsonObject().put("name", "ball").put("actor", "alice"));

            HttpResponse<Buffer> byDefault = await(client.post(port, "127.0.0.1", "/admin/v1/toys")
                    .sendJsonObject(new JsonObject().put("name", "kite").put("note", "two\nlines")));
            assertThat(byDefault.bodyAsJsonObject().getString("actor")).isEqualTo(Actor.DEFAULT);

            HttpResponse<Buffer> invalid = await(client.post(port, "127.0.0.1", "/admin/v1/toys")
                    .sendJsonObject(new JsonObject().put("size", 9)));
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(invalid.bodyAsJsonObject().getString("type")).isEqualTo("urn:callguard:problem:validation");
            assertThat(invalid.bodyAsJsonObject().getString("detail")).isEqualTo("2 fields are invalid");
            assertThat(invalid.bodyAsJsonObject().getJsonArray("errors")).isEqualTo(new JsonArray()
                    .add(new JsonObject().put("field", "name").put("message", "is required"))
                    .add(new JsonObject().put("field", "size").put("message", "must be 1..3")));

            HttpResponse<Buffer> badActor = await(client.post(port, "127.0.0.1", "/admin/v1/toys")
                    .putHeader(Actor.HEADER, "x".repeat(Actor.MAX_LENGTH + 1))
                    .sendJsonObject(new JsonObject().put("name", "ball")));
            assertThat(badActor.statusCode()).isEqualTo(400);
            assertThat(badActor.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
                    .isEqualTo(Actor.HEADER);

            HttpResponse<Buffer> controlCharacter = await(client.post(port, "127.0.0.1", "/admin/v1/toys")
                    .sendJsonObject(new JsonObject().put("name", "ba\nll")));
            assertThat(controlCharacter.statusCode()).as("a line feed outside the free-text fields").isEqualTo(400);

            HttpResponse<Buffer> notJson = await(client.post(port, "127.0.0.1", "/admin/v1/toys")
                    .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("name=ball")));
            assertThat(notJson.statusCode()).isEqualTo(415);

            HttpResponse<Buffer> kinds = await(client.get(port, "127.0.0.1", "/admin/v1/toys?kind=a&kind=b,c").send());
            assertThat(kinds.bodyAsJsonArray()).isEqualTo(new JsonArray().add("a").add("b,c"));
        } finally {
            client.close();
            await(server.close());
            pool.close();
        }
    }
}
