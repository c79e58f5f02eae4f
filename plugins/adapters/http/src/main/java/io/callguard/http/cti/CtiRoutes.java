package io.callguard.http.cti;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.cti.keys.ApiKeyPrincipal;
import io.callguard.http.ModuleRouteMount;
import io.callguard.http.StoreWorker;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Optional;

/**
 * Mounts the CTI routes the rule modules contribute on the CTI router, behind {@link CtiAuth}, the body limit and the
 * CTI problem answers: a route sees the authenticated key's account ({@link RouteRequest#accountId}) and id.
 */
final class CtiRoutes {
    private CtiRoutes() { }

    static void mount(Router router, List<ModuleRoute> routes, StoreWorker worker) {
        ModuleRouteMount.mount(router, routes, worker,
                (ctx, route) -> new Request(ctx, CtiAuth.principal(ctx), route.takesBody()), CtiResponses::problem,
                (ctx, error) -> CtiResponses.toProblem(ctx, error, worker.failures()));
    }

    /** The Vert.x request as a module sees it, with the API key it authenticated with. */
    private static final class Request extends ModuleRouteMount.VertxRequest {
        private final ApiKeyPrincipal principal;

        Request(RoutingContext ctx, ApiKeyPrincipal principal, boolean takesBody) {
            super(ctx, takesBody);
            this.principal = principal;
        }

        @Override public Optional<String> accountId() { return Optional.of(principal.accountId()); }

        @Override public Optional<String> apiKeyId() { return Optional.of(principal.keyId()); }
    }
}
