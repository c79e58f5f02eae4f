package io.callguard.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads a request body as one JSON object, or throws the 400 problem saying what is wrong with it. */
public final class JsonBodies {
    private static final int MAX_REASON = 200;

    private JsonBodies() { }

    /**
     * @param explainMalformed whether a malformed-json problem quotes the parser's reason (cut to 200 characters);
     *                         the CTI API, facing clients, does not
     */
    public static JsonObject object(RoutingContext ctx, boolean explainMalformed) {
        Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
        if (buffer == null || buffer.length() == 0) throw Problem.badRequest("a JSON object body is required").exception();
        Object value;
        try {
            value = Json.decodeValue(buffer);
        } catch (DecodeException e) {
            String detail = "the body is not valid JSON";
            if (explainMalformed) {
                String reason = String.valueOf(e.getMessage()).replace('\n', ' ');
                if (reason.length() > MAX_REASON) reason = reason.substring(0, MAX_REASON) + "…";
                detail += ": " + reason;
            }
            throw Problem.of(400, "malformed-json", "Malformed JSON", detail).exception();
        }
        if (!(value instanceof JsonObject o)) throw Problem.badRequest("the body must be a JSON object").exception();
        return o;
    }
}
