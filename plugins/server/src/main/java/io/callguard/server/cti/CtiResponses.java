package io.callguard.server.cti;

import io.callguard.server.admin.FieldError;
import io.callguard.server.admin.Problem;
import io.callguard.server.admin.ProblemException;
import io.callguard.store.StoreException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** JSON and RFC 9457 problem answers of the CTI API (a problem may carry extra members: window, reason…). */
final class CtiResponses {
    private static final Logger LOG = LoggerFactory.getLogger(CtiResponses.class);

    private CtiResponses() { }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) return;
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
    }

    static void problem(RoutingContext ctx, Problem p) { problem(ctx, p, null); }

    /** The problem, plus {@code extra}'s members at the top level of the body. */
    static void problem(RoutingContext ctx, Problem p, JsonObject extra) {
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
        if (p.status() == 401) response.putHeader("WWW-Authenticate", "Bearer realm=\"callguard-cti\"");
        response.setStatusCode(p.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE).end(body.encode());
    }

    /** 400 naming one field. */
    static Problem invalid(String field, String message) {
        return Problem.validation(List.of(new FieldError(field, message)));
    }

    /** The problem a failure means: its own, 503 for the store, 500 (logged) otherwise. */
    static Problem toProblem(RoutingContext ctx, Throwable error) {
        if (error instanceof ProblemException p) return p.problem();
        if (error instanceof StoreException s) {
            LOG.warn("{} {}: store failure: {}", ctx.request().method(), ctx.request().path(), s.getMessage());
            return Problem.of(503, "store-unavailable", "Store unavailable", "the database is unavailable; retry later");
        }
        LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), error);
        return Problem.of(500, "internal", "Internal error", "unexpected error; see the server log");
    }
}
