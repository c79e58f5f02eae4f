package io.callguard.http.cti;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.cti.keys.ApiKeyPrincipal;
import io.callguard.http.JsonBodies;
import io.callguard.http.ModuleAnswers;
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
 * Mounts the CTI routes the rule modules contribute on the CTI router, behind {@link CtiAuth}, the body limit and the
 * CTI problem answers: a route sees the authenticated key's account ({@link RouteRequest#accountId}) and id.
 */
final class CtiRoutes {
    private CtiRoutes() { }

    static void mount(Router router, List<ModuleRoute> routes, StoreWorker worker) {
        for (ModuleRoute route : routes) {
            router.route(HttpMethod.valueOf(route.method().name()), vertxPath(route.path())).handler(ctx -> {
                RouteRequest request = new Request(ctx, CtiAuth.principal(ctx), route.takesBody());
                ModuleAnswers.answer(route, request, worker::run).onComplete(ar -> {
                    if (ar.succeeded()) write(ctx, ar.result());
                    else CtiResponses.problem(ctx, ar.cause() instanceof RouteResponse.InvalidFields invalid
                            ? ModuleAnswers.validation(invalid) : CtiResponses.toProblem(ctx, ar.cause(), worker.failures()));
                });
            });
        }
    }

    /** {@code /cti/v1/sms/{smsId}} → {@code /cti/v1/sms/:smsId}. */
    static String vertxPath(String path) { return path.replaceAll("\\{([A-Za-z][A-Za-z0-9]*)}", ":$1"); }

    private static void write(RoutingContext ctx, RouteResponse response) {
        response.headers().forEach((name, value) -> ctx.response().putHeader(name, value));
        if (response.problem()) {
            CtiResponses.problem(ctx, ModuleAnswers.problem(response), ModuleAnswers.members(response));
        } else if (response.body() == null) {
            if (!ctx.response().ended()) ctx.response().setStatusCode(response.status()).end();
        } else {
            CtiResponses.json(ctx, response.status(), ModuleAnswers.json(response.body()));
        }
    }

    /** The Vert.x request as a module sees it, with the API key it authenticated with. */
    private record Request(RoutingContext ctx, ApiKeyPrincipal principal, boolean takesBody) implements RouteRequest {
        @Override public String pathParam(String name) { return ctx.pathParam(name); }

        @Override
        public Optional<String> query(String name) { return Optional.ofNullable(ctx.request().getParam(name)); }

        @Override
        public Optional<String> header(String name) { return Optional.ofNullable(ctx.request().getHeader(name)); }

        @Override public Optional<String> accountId() { return Optional.of(principal.accountId()); }

        @Override public Optional<String> apiKeyId() { return Optional.of(principal.keyId()); }

        @Override public List<String> queries(String name) { return ctx.queryParam(name); }

        @Override
        public Map<String, Object> jsonObject(Set<String> freeTextFields) {
            return JsonBodies.object(ctx, freeTextFields).getMap();
        }

        @Override
        public String body() {
            if (!takesBody) return "";
            RequestBody body = ctx.body();
            String text = body == null ? null : body.asString();
            return text == null ? "" : text;
        }
    }
}
