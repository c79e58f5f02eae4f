package io.callguard.server.admin;

import io.callguard.server.http.JsonBodies;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads a request body as one JSON object, or answers 400 saying what is wrong with it (the parser's reason too). */
final class Bodies {
    private Bodies() { }

    static JsonObject object(RoutingContext ctx) {
        return JsonBodies.object(ctx, true);
    }
}
