package io.callguard.http.admin;

import io.callguard.core.module.ModuleRoute;
import io.callguard.http.ModuleRouteMount;
import io.callguard.http.ProblemResponses;
import io.callguard.http.StoreWorker;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Optional;

/**
 * Mounts the routes the rule modules contribute on the admin router, behind its authentication, body limit and
 * problem answers: a module route is answered exactly as a route written against Vert.x here would be.
 */
final class ModuleRoutes {
    private ModuleRoutes() { }

    static void mount(Router router, List<ModuleRoute> routes, StoreWorker worker) {
        ModuleRouteMount.mount(router, routes, worker, (ctx, route) -> new Request(ctx, route.takesBody()),
                (ctx, problem, extra) -> ProblemResponses.problem(ctx, problem, "callguard", extra),
                (ctx, error) -> Responses.toProblem(ctx, error, worker.failures()));
    }

    /** The Vert.x request as a module sees it, on the operator's API. */
    private static final class Request extends ModuleRouteMount.VertxRequest {
        Request(RoutingContext ctx, boolean takesBody) { super(ctx, takesBody); }

        /** The admin API serves the operator, never one account. */
        @Override public Optional<String> accountId() { return Optional.empty(); }

        /** The {@code X-Callguard-Actor} header checked as the admin routes written here check it. */
        @Override public String actor() { return Actor.of(ctx); }
    }
}
