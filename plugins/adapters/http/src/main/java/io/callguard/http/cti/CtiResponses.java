package io.callguard.http.cti;

import io.callguard.http.Problem;
import io.callguard.http.ProblemException;
import io.callguard.http.ProblemResponses;
import io.callguard.http.StoreFailures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON and RFC 9457 problem answers of the CTI API (a problem may carry extra members: window, reason…). */
final class CtiResponses {
    private CtiResponses() { }

    /** {@code body}: a {@link JsonObject} or a {@link JsonArray}. */
    static void json(RoutingContext ctx, int status, Object body) {
        ProblemResponses.json(ctx, status, body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode());
    }

    static void problem(RoutingContext ctx, Problem p) { problem(ctx, p, null); }

    /** The problem, plus {@code extra}'s members at the top level of the body. */
    static void problem(RoutingContext ctx, Problem p, JsonObject extra) {
        ProblemResponses.problem(ctx, p, "callguard-cti", extra);
    }

    /** The problem a failure means: its own, else 503 for the store and 500 otherwise (logged, with an error id). */
    static Problem toProblem(RoutingContext ctx, Throwable error, StoreFailures failures) {
        if (error instanceof ProblemException p) return p.problem();
        Throwable store = ProblemResponses.storeFailure(error, failures);
        if (store != null) return ProblemResponses.storeUnavailable(ctx, store);
        return ProblemResponses.internal(ctx, error);
    }
}
