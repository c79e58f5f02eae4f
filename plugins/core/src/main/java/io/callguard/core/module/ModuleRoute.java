package io.callguard.core.module;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
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

        /**
         * The answer as a stage, which the HTTP adapter waits for without holding a thread (its failure is answered
         * as a thrown exception would be). By default {@link #handle}'s answer, already complete.
         */
        default CompletionStage<RouteResponse> answer(RouteRequest request) {
            try {
                return CompletableFuture.completedFuture(handle(request));
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        /**
         * A handler whose answer comes later (e.g. once Asterisk queued an Originate): the adapter waits for
         * {@code answer}'s stage; {@link #handle} waits for it on the caller's thread (tests).
         */
        static Handler later(Function<RouteRequest, CompletionStage<RouteResponse>> answer) {
            Objects.requireNonNull(answer, "answer");
            return new Handler() {
                @Override
                public RouteResponse handle(RouteRequest request) throws Exception {
                    try {
                        return answer.apply(request).toCompletableFuture().get();
                    } catch (ExecutionException e) {
                        throw e.getCause() instanceof Exception cause ? cause : e;
                    }
                }

                @Override
                public CompletionStage<RouteResponse> answer(RouteRequest request) { return answer.apply(request); }
            };
        }
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

    /** A GET whose handler may block (the state backend's blocking calls, the store): answered off the event threads. */
    public static ModuleRoute getBlocking(String path, Handler handler) {
        return new ModuleRoute(Method.GET, path, false, true, handler);
    }
}
