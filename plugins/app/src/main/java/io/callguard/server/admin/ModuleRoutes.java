package io.callguard.server.admin;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.server.http.FieldError;
import io.callguard.server.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Mounts the routes the rule modules contribute on the admin router, behind its authentication, body limit and
 * problem answers: a module route is answered exactly as a route written against Vert.x here would be.
 */
final class ModuleRoutes {
    private ModuleRoutes() { }

    static void mount(Router router, List<ModuleRoute> routes, StoreWorker worker) {
        for (ModuleRoute route : routes) {
            router.route(HttpMethod.valueOf(route.method().name()), vertxPath(route.path())).handler(ctx -> {
                RouteRequest request = new Request(ctx, route.takesBody());
                Future<RouteResponse> answer = route.blocking()
                        ? worker.run(() -> route.handler().handle(request))
                        : answerInline(route, request);
                answer.onComplete(ar -> {
                    if (ar.succeeded()) write(ctx, ar.result());
                    else Responses.problem(ctx, ar.cause() instanceof RouteResponse.InvalidFields invalid
                            ? Problem.validation(invalid.errors().stream()
                                    .map(e -> new FieldError(e.field(), e.message())).toList())
                            : Responses.toProblem(ctx, ar.cause()));
                });
            });
        }
    }

    /** {@code /trunks/{trunkId}/usage} → {@code /trunks/:trunkId/usage}. */
    static String vertxPath(String path) { return path.replaceAll("\\{([A-Za-z][A-Za-z0-9]*)}", ":$1"); }

    private static Future<RouteResponse> answerInline(ModuleRoute route, RouteRequest request) {
        try {
            return Future.succeededFuture(route.handler().handle(request));
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    private static void write(RoutingContext ctx, RouteResponse response) {
        response.headers().forEach((name, value) -> ctx.response().putHeader(name, value));
        if (response.problem()) {
            Responses.problem(ctx, problem(response.status(), response.detail()));
        } else if (response.body() == null) {
            if (response.status() == 204) Responses.noContent(ctx);
            else if (!ctx.response().ended()) ctx.response().setStatusCode(response.status()).end();
        } else {
            Responses.json(ctx, response.status(), json(response.body()));
        }
    }

    private static Problem problem(int status, String detail) {
        return switch (status) {
            case 400 -> Problem.badRequest(detail);
            case 404 -> Problem.notFound(detail);
            case 409 -> Problem.conflict(detail);
            default -> Problem.of(status, "error", "Error", detail);
        };
    }

    @SuppressWarnings("unchecked")
    private static Object json(Object body) {
        if (body instanceof Map<?, ?> map) return new JsonObject((Map<String, Object>) map);
        if (body instanceof List<?> list) return new JsonArray(list);
        throw new IllegalArgumentException("a route body must be a Map or a List, got " + body.getClass().getSimpleName());
    }

    /** The Vert.x request as a module sees it. */
    private record Request(RoutingContext ctx, boolean takesBody) implements RouteRequest {
        @Override public String pathParam(String name) { return ctx.pathParam(name); }

        @Override
        public Optional<String> query(String name) { return Optional.ofNullable(ctx.request().getParam(name)); }

        @Override
        public Optional<String> header(String name) { return Optional.ofNullable(ctx.request().getHeader(name)); }

        /** The admin API serves the operator, never one account. */
        @Override public Optional<String> accountId() { return Optional.empty(); }

        @Override public List<String> queries(String name) { return ctx.queryParam(name); }

        @Override
        public Map<String, Object> jsonObject(Set<String> freeTextFields) {
            return Bodies.object(ctx, freeTextFields).getMap();
        }

        /** The {@code X-Callguard-Actor} header checked as the admin routes written here check it. */
        @Override public String actor() { return Actor.of(ctx); }

        @Override
        public String body() {
            if (!takesBody) return "";
            RequestBody body = ctx.body();
            String text = body == null ? null : body.asString();
            return text == null ? "" : text;
        }
    }
}
