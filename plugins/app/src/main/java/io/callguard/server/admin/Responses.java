package io.callguard.server.admin;

import io.callguard.server.http.Problem;
import io.callguard.server.http.ProblemException;
import io.callguard.server.http.ProblemResponses;
import io.callguard.store.DuplicateKeyException;
import io.callguard.store.StoreException;
import io.callguard.store.UnknownReferenceException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON and problem+json answers, and maps failures (store, validation, bugs) to problems. */
final class Responses {
    private Responses() { }

    static void json(RoutingContext ctx, int status, Object body) {
        ProblemResponses.json(ctx, status, body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode());
    }

    static void noContent(RoutingContext ctx) {
        if (!ctx.response().ended()) ctx.response().setStatusCode(204).end();
    }

    static void problem(RoutingContext ctx, Problem p) {
        ProblemResponses.problem(ctx, p, "callguard", null);
    }

    /** Replies with the future's value, or the problem its failure means. */
    static <T> void reply(RoutingContext ctx, Future<T> result, int status, java.util.function.Function<T, Object> toJson) {
        result.onComplete(ar -> {
            if (ar.succeeded()) json(ctx, status, toJson.apply(ar.result()));
            else problem(ctx, toProblem(ctx, ar.cause()));
        });
    }

    /** 201 with a Location header and the created resource. */
    static <T> void created(RoutingContext ctx, Future<T> result, java.util.function.Function<T, String> location,
                            java.util.function.Function<T, Object> toJson) {
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader(HttpHeaders.LOCATION, location.apply(ar.result()));
                json(ctx, 201, toJson.apply(ar.result()));
            } else {
                problem(ctx, toProblem(ctx, ar.cause()));
            }
        });
    }

    /** 204 once the future succeeds, or the problem its failure means. */
    static void deleted(RoutingContext ctx, Future<?> result) {
        result.onComplete(ar -> {
            if (ar.succeeded()) noContent(ctx);
            else problem(ctx, toProblem(ctx, ar.cause()));
        });
    }

    /**
     * The problem a failure means: its own, 409/404 for store conflicts (their messages name only the request's
     * objects), 503 for the store and 500 otherwise, both logged and answered with an error id only.
     */
    static Problem toProblem(RoutingContext ctx, Throwable error) {
        if (error instanceof ProblemException p) return p.problem();
        if (error instanceof DuplicateKeyException d) return Problem.conflict(d.getMessage());
        if (error instanceof UnknownReferenceException u) return Problem.notFound(u.getMessage());
        StoreException store = ProblemResponses.storeFailure(error);
        if (store != null) return ProblemResponses.storeUnavailable(ctx, store);
        return ProblemResponses.internal(ctx, error);
    }
}
