package io.callguard.server.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads a request body as one JSON object, or answers 400 saying what is wrong with it. */
final class Bodies {
    private static final int MAX_DETAIL = 200;

    private Bodies() { }

    static JsonObject object(RoutingContext ctx) {
        Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
        if (buffer == null || buffer.length() == 0) throw Problem.badRequest("a JSON object body is required").exception();
        Object value;
        try {
            value = Json.decodeValue(buffer);
        } catch (DecodeException e) {
            String reason = String.valueOf(e.getMessage()).replace('\n', ' ');
            if (reason.length() > MAX_DETAIL) reason = reason.substring(0, MAX_DETAIL) + "…";
            throw Problem.of(400, "malformed-json", "Malformed JSON", "the body is not valid JSON: " + reason).exception();
        }
        if (!(value instanceof JsonObject o)) throw Problem.badRequest("the body must be a JSON object").exception();
        return o;
    }
}
