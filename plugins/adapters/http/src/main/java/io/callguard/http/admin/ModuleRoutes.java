package io.callguard.http.admin;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.http.JsonBodies;
import io.callguard.http.ModuleAnswers;
import io.callguard.http.ProblemResponses;
import io.callguard.http.StoreWorker;
import io.vertx.core.http.HttpMethod;
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
                ModuleAnswers.answer(route, request, worker::run).onComplete(ar -> {
                    if (ar.succeeded()) write(ctx, ar.result());
                    else Responses.problem(ctx, ar.cause() instanceof RouteResponse.InvalidFields invalid
                            ? ModuleAnswers.validation(invalid) : Responses.toProblem(ctx, ar.cause(), worker.failures()));
                });
            });
        }
    }

    /** {@code /trunks/{trunkId}/usage} → {@code /trunks/:trunkId/usage}. */
    static String vertxPath(String path) { return path.replaceAll("\\{([A-Za-z][A-Za-z0-9]*)}", ":$1"); }

    private static void write(RoutingContext ctx, RouteResponse response) {
        response.headers().forEach((name, value) -> ctx.response().putHeader(name, value));
        if (response.problem()) {
            ProblemResponses.problem(ctx, ModuleAnswers.problem(response), "callguard", ModuleAnswers.members(response));
        } else if (response.body() == null) {
            if (response.status() == 204) Responses.noContent(ctx);
            else if (!ctx.response().ended()) ctx.response().setStatusCode(response.status()).end();
        } else {
            Responses.json(ctx, response.status(), ModuleAnswers.json(response.body()));
        }
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
            return JsonBodies.object(ctx, freeTextFields).getMap();
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
