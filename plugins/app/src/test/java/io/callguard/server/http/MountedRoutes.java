package io.callguard.server.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The routes of a router that take a body: {@code "POST /admin/v1/accounts/:id/trunks"}, sorted. */
public final class MountedRoutes {
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private MountedRoutes() { }

    public static List<String> takingABody(Router router) {
        Set<String> out = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.methods() == null || route.getPath() == null) continue; // every method: a handler of all routes
            for (HttpMethod method : route.methods()) {
                if (WITH_BODY.contains(method)) out.add(method.name() + " " + route.getPath());
            }
        }
        return List.copyOf(out);
    }
}
