package io.callguard.http;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What the admin and CTI listeners share in serving the rule modules' routes: running a handler (on a worker when it
 * blocks, its later answer awaited without holding a thread) and turning its {@link RouteResponse} into the API's
 * JSON and problems.
 */
public final class ModuleAnswers {
    private ModuleAnswers() { }

    /**
     * Runs {@code route}'s handler for {@code request}: on {@code worker} when the route blocks, else here; the answer
     * completes on the caller's context.
     */
    public static Future<RouteResponse> answer(ModuleRoute route, RouteRequest request,
                                               Function<Callable<CompletionStage<RouteResponse>>, Future<CompletionStage<RouteResponse>>> worker) {
        Context here = Vertx.currentContext();
        Callable<CompletionStage<RouteResponse>> work = () -> route.handler().answer(request);
        Future<CompletionStage<RouteResponse>> stage;
        if (route.blocking()) {
            stage = worker.apply(work);
        } else {
            try {
                stage = Future.succeededFuture(work.call());
            } catch (Exception e) {
                stage = Future.failedFuture(e);
            }
        }
        return stage.compose(s -> here == null ? Future.fromCompletionStage(s) : Future.fromCompletionStage(s, here));
    }

    /**
     * The failure a handler's stage failed with, unwrapped from the {@link java.util.concurrent.CompletionException}
     * (or {@link java.util.concurrent.ExecutionException}) a later stage's function throwing it is wrapped in: a
     * {@link RouteResponse.InvalidFields} thrown in {@code thenApply} is the route's 400, not a 500.
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The problem of a module's problem answer: its own kind when it has one, else the API's for its status. */
    public static Problem problem(RouteResponse response) {
        RouteResponse.ProblemKind kind = response.kind();
        if (kind != null) {
            return new Problem(Problem.of(response.status(), kind.kind(), kind.title(), "").type(), kind.title(),
                    response.status(), response.detail(),
                    kind.errors().stream().map(e -> new FieldError(e.field(), e.message())).toList());
        }
        return switch (response.status()) {
            case 400 -> Problem.badRequest(response.detail());
            case 404 -> Problem.notFound(response.detail());
            case 409 -> Problem.conflict(response.detail());
            default -> Problem.of(response.status(), "error", "Error", response.detail());
        };
    }

    /** The extra members of a module's problem answer (null for none). */
    public static JsonObject members(RouteResponse response) {
        RouteResponse.ProblemKind kind = response.kind();
        return kind == null || kind.members().isEmpty() ? null : new JsonObject(new java.util.LinkedHashMap<>(kind.members()));
    }

    /** A route's 400 naming its invalid fields, as the API's validation problem. */
    public static Problem validation(RouteResponse.InvalidFields invalid) {
        return Problem.validation(invalid.errors().stream().map(e -> new FieldError(e.field(), e.message())).toList());
    }

    /** A JSON-shaped body ({@code Map} or {@code List}) as Vert.x JSON. */
    @SuppressWarnings("unchecked")
    public static Object json(Object body) {
        if (body instanceof Map<?, ?> map) return new JsonObject((Map<String, Object>) map);
        if (body instanceof List<?> list) return new JsonArray(list);
        throw new IllegalArgumentException("a route body must be a Map or a List, got " + body.getClass().getSimpleName());
    }
}
