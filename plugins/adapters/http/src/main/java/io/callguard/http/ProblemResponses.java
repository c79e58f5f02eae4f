package io.callguard.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;

/** Writes JSON and problem+json answers, and the problems every API gives for its own or unexpected failures. */
public final class ProblemResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);
    public static final String JSON = "application/json";

    private ProblemResponses() { }

    /** {@code status} with the encoded JSON body, unless the response is already over. */
    public static void json(RoutingContext ctx, int status, String encodedBody) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) return;
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(encodedBody);
    }

    /**
     * The problem as {@code application/problem+json}, plus {@code extra}'s members (may be null) at the top level of
     * the body; a 401 also carries {@code WWW-Authenticate: Bearer realm="<realm>"}.
     */
    public static void problem(RoutingContext ctx, Problem p, String realm, JsonObject extra) {
        problem(ctx.response(), p, realm, extra);
    }

    /** As {@link #problem(RoutingContext, Problem, String, JsonObject)}, for a response outside any router. */
    public static void problem(HttpServerResponse response, Problem p, String realm, JsonObject extra) {
        if (response.ended() || response.closed()) return;
        JsonObject body = new JsonObject().put("type", p.type()).put("title", p.title()).put("status", p.status())
                .put("detail", p.detail());
        if (!p.errors().isEmpty()) {
            JsonArray errors = new JsonArray();
            p.errors().forEach(e -> errors.add(new JsonObject().put("field", e.field()).put("message", e.message())));
            body.put("errors", errors);
        }
        if (p.errorId() != null) body.put("errorId", p.errorId());
        if (extra != null) extra.forEach(e -> body.put(e.getKey(), e.getValue()));
        if (p.status() == 401) response.putHeader("WWW-Authenticate", "Bearer realm=\"" + realm + "\"");
        response.setStatusCode(p.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE).end(body.encode());
    }

    /**
     * 503 store-unavailable, logged as a warning (the store failure is expected to pass) under a new error id. The
     * answer carries only that id: the store's message (the database URL, the SQL state, the driver's text) stays in
     * the log, which holds no credentials (the store adapter keeps them out of its messages).
     */
    public static Problem storeUnavailable(RoutingContext ctx, Throwable error) {
        String id = newErrorId();
        LOG.warn("{} {}: store failure (error id {}): {}", ctx.request().method(), ctx.request().path(), id,
                error.getMessage());
        return Problem.of(503, "store-unavailable", "Store unavailable",
                "the database could not serve this request; retry later (error id " + id + ")").withErrorId(id);
    }

    /** 500 internal, logged with its stack trace under a new error id: a failure nobody mapped is a bug. */
    public static Problem internal(RoutingContext ctx, Throwable error) {
        String id = newErrorId();
        LOG.error("{} {} failed (error id {})", ctx.request().method(), ctx.request().path(), id, error);
        return Problem.of(500, "internal", "Internal error",
                "unexpected error; see the server log (error id " + id + ")").withErrorId(id);
    }

    /**
     * The failure of an unavailable store behind {@code error} (itself or a cause, as {@code failures} tells them),
     * null when there is none.
     */
    public static Throwable storeFailure(Throwable error, StoreFailures failures) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (failures.is(t, StoreFailures.Kind.UNAVAILABLE)) return t;
        }
        return null;
    }

    /** 12 hex digits: enough to find one failure in the log, nothing to guess from. */
    static String newErrorId() {
        return String.format("%012x", ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFF_FFFFL);
    }
}
