package io.callguard.core.module;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An HTTP route a module contributes, mounted by the HTTP adapter behind the API's authentication, body limit and
 * problem answers.
 *
 * @param method    the HTTP method
 * @param path      absolute path, parameters in braces: {@code /admin/v1/trunks/{trunkId}/usage}
 * @param takesBody whether the request has a JSON body ({@link RouteRequest#body()} is empty otherwise)
 * @param blocking  whether the handler may block (store, files): the adapter then runs it off the event threads
 * @param handler   the answer to one request
 */
public record ModuleRoute(Method method, String path, boolean takesBody, boolean blocking, Handler handler) {
    private static final Pattern PATH = Pattern.compile("(/([A-Za-z0-9._-]+|\\{[A-Za-z][A-Za-z0-9]*}))+");

    /** The methods a module may serve. */
    public enum Method { GET, POST, PUT, PATCH, DELETE }

    /** Answers one request; an exception becomes the API's 500 problem, logged with an error id. */
    @FunctionalInterface
    public interface Handler {
        RouteResponse handle(RouteRequest request) throws Exception;
    }

    public ModuleRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("route path '" + path + "' must be /segments with {parameters}");
        }
    }

    /** A GET answered in memory, on the caller's thread. */
    public static ModuleRoute get(String path, Handler handler) {
        return new ModuleRoute(Method.GET, path, false, false, handler);
    }
}
