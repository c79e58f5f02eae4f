package io.callguard.http.openapi;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RuleModule;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what a router serves with its OpenAPI document, both ways: a route served but not documented, and an
 * operation documented but not served (or documented by a module fragment for a route the module does not mount),
 * each told in one line saying where to fix it. Empty: the document is the router's.
 */
public final class RouteCoverage {
    private RouteCoverage() { }

    /**
     * The routes {@code router} serves, {@code "GET /admin/v1/accounts/{id}"} (Vert.x's {@code :id} written as
     * OpenAPI's {@code {id}}), sorted; the handlers of every method (authentication, body handler) are not routes.
     * Neither is a static-file mount: the operations page ({@code /admin/ui/}) is mounted with no method
     * ({@code routeWithRegex}, answering GET/HEAD itself, 405 otherwise), as any mount of files must be, so that a
     * set of files that OpenAPI cannot list as operations is not asked for; it is described in the admin document's
     * text. A route mounted with a method ({@code router.get(...)}, every {@code ModuleRoute}) is an API route and
     * must be documented.
     */
    public static Set<String> served(Router router) {
        Set<String> out = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.methods() == null || route.methods().isEmpty() || route.getPath() == null) continue;
            String path = route.getPath().replaceAll(":([A-Za-z][A-Za-z0-9]*)", "{$1}");
            for (HttpMethod method : route.methods()) out.add(method.name() + " " + path);
        }
        return out;
    }

    /**
     * Every difference between {@code router} and {@code document}, one message each.
     *
     * @param moduleRoutes the rule modules' routes mounted on {@code router} (to say which module must document one)
     */
    public static List<String> check(Router router, OpenApiDocument document, List<ModuleRoute> moduleRoutes) {
        Set<String> served = served(router);
        Set<String> documented = new TreeSet<>(document.operations());
        List<String> problems = new ArrayList<>();
        for (String route : served) {
            if (!documented.contains(route)) {
                problems.add(route + " is served by the " + document.api() + " API but not in its OpenAPI document ("
                        + OpenApiDocument.servedAt(document.api()) + "): document it under " + document.api()
                        + ".paths in " + whereToDocument(document.api(), route, moduleRoutes));
            }
        }
        for (String op : documented) {
            if (!served.contains(op)) {
                problems.add(op + " is in the " + document.api() + " API's OpenAPI document but no route serves it:"
                        + " remove it from its document or mount the route");
            }
        }
        for (String op : document.dropped()) {
            problems.add(op.substring(0, op.indexOf(" (")) + " is documented in a module fragment"
                    + op.substring(op.indexOf(" (")) + " but that module does not mount it: remove it from the fragment");
        }
        return problems;
    }

    /**
     * Where {@code route} ({@code "GET /path/{id}"}) is to be documented: the fragment of the rule module whose
     * package holds its handler, else the adapter's own document.
     */
    static String whereToDocument(String api, String route, List<ModuleRoute> moduleRoutes) {
        for (ModuleRoute r : moduleRoutes) {
            if (!(r.method().name() + " " + r.path()).equals(route)) continue;
            String handlerPackage = r.handler().getClass().getPackageName();
            Class<?> owner = null;
            for (ServiceLoader.Provider<RuleModule> p : ServiceLoader.load(RuleModule.class).stream().toList()) {
                String pkg = p.type().getPackageName();
                if ((handlerPackage.equals(pkg) || handlerPackage.startsWith(pkg + "."))
                        && (owner == null || pkg.length() > owner.getPackageName().length())) {
                    owner = p.type();
                }
            }
            return owner == null
                    ? "the openapi.yaml of the rule module contributing it (in the package of its RuleModule class, "
                            + "src/main/resources/<package>/openapi.yaml; handler in " + handlerPackage + ")"
                    : "src/main/resources/" + OpenApiDocument.fragmentOf(owner) + " of the module of "
                            + owner.getName();
        }
        return "plugins/adapters/http/src/main/resources/" + OpenApiDocument.BASE_DIR + api + ".yaml (a built-in route)";
    }
}
