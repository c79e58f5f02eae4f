package io.callguard.server.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) return;
        JsonObject body = new JsonObject().put("type", p.type()).put("title", p.title()).put("status", p.status())
                .put("detail", p.detail());
        if (!p.errors().isEmpty()) {
            JsonArray errors = new JsonArray();
            p.errors().forEach(e -> errors.add(new JsonObject().put("field", e.field()).put("message", e.message())));
            body.put("errors", errors);
        }
        if (extra != null) extra.forEach(e -> body.put(e.getKey(), e.getValue()));
        if (p.status() == 401) response.putHeader("WWW-Authenticate", "Bearer realm=\"" + realm + "\"");
        response.setStatusCode(p.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE).end(body.encode());
    }

    /** 503 store-unavailable, logged as a warning (the store failure is expected to pass). */
    public static Problem storeUnavailable(RoutingContext ctx, Throwable error, String detail) {
        LOG.warn("{} {}: store failure: {}", ctx.request().method(), ctx.request().path(), error.getMessage());
        return Problem.of(503, "store-unavailable", "Store unavailable", detail);
    }

    /** 500 internal, logged with its stack trace: a failure nobody mapped is a bug. */
    public static Problem internal(RoutingContext ctx, Throwable error) {
        LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), error);
        return Problem.of(500, "internal", "Internal error", "unexpected error; see the server log");
    }
}
