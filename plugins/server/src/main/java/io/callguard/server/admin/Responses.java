package io.callguard.server.admin;

import io.callguard.store.DuplicateKeyException;
import io.callguard.store.StoreException;
import io.callguard.store.UnknownReferenceException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes JSON and problem+json answers, and maps failures (store, validation, bugs) to problems. */
final class Responses {
    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);
    static final String JSON = "application/json";

    private Responses() { }

    static void json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended()) return;
        String text = body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode();
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(text);
    }

    static void noContent(RoutingContext ctx) {
        if (!ctx.response().ended()) ctx.response().setStatusCode(204).end();
    }

    static void problem(RoutingContext ctx, Problem p) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) return;
        JsonObject body = new JsonObject().put("type", p.type()).put("title", p.title()).put("status", p.status())
                .put("detail", p.detail());
        if (!p.errors().isEmpty()) {
            JsonArray errors = new JsonArray();
            p.errors().forEach(e -> errors.add(new JsonObject().put("field", e.field()).put("message", e.message())));
            body.put("errors", errors);
        }
        if (p.status() == 401) response.putHeader("WWW-Authenticate", "Bearer realm=\"callguard\"");
        response.setStatusCode(p.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE).end(body.encode());
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

    static Problem toProblem(RoutingContext ctx, Throwable error) {
        if (error instanceof ProblemException p) return p.problem();
        if (error instanceof DuplicateKeyException d) return Problem.conflict(d.getMessage());
        if (error instanceof UnknownReferenceException u) return Problem.notFound(u.getMessage());
        if (error instanceof StoreException s) {
            LOG.warn("{} {}: store failure: {}", ctx.request().method(), ctx.request().path(), s.getMessage());
            return Problem.of(503, "store-unavailable", "Store unavailable", s.getMessage());
        }
        LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), error);
        return Problem.of(500, "internal", "Internal error", "unexpected error; see the server log");
    }
}
