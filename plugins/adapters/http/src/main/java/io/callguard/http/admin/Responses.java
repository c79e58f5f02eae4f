package io.callguard.http.admin;

import io.callguard.http.Problem;
import io.callguard.http.ProblemException;
import io.callguard.http.ProblemResponses;
import io.callguard.http.StoreFailures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

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
    static <T> void reply(RoutingContext ctx, Future<T> result, int status, Function<T, Object> toJson,
                          StoreFailures failures) {
        result.onComplete(ar -> {
            if (ar.succeeded()) json(ctx, status, toJson.apply(ar.result()));
            else problem(ctx, toProblem(ctx, ar.cause(), failures));
        });
    }

    /**
     * The problem a failure means: its own, 409/404 for store conflicts (their messages name only the request's
     * objects), 503 for the store and 500 otherwise, both logged and answered with an error id only.
     */
    static Problem toProblem(RoutingContext ctx, Throwable error, StoreFailures failures) {
        if (error instanceof ProblemException p) return p.problem();
        if (failures.is(error, StoreFailures.Kind.DUPLICATE)) return Problem.conflict(error.getMessage());
        if (failures.is(error, StoreFailures.Kind.UNKNOWN_REFERENCE)) return Problem.notFound(error.getMessage());
        Throwable store = ProblemResponses.storeFailure(error, failures);
        if (store != null) return ProblemResponses.storeUnavailable(ctx, store);
        return ProblemResponses.internal(ctx, error);
    }
}
