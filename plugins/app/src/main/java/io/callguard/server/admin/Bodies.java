package io.callguard.server.admin;

import io.callguard.server.http.JsonBodies;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * Reads a request body as one JSON object, or answers the problem saying what is wrong with it ({@link JsonBodies}:
 * 415 unless sent as JSON, 400 for malformed JSON or a control character in any field).
 */
final class Bodies {
    private Bodies() { }

    /** A body whose strings are all single-line: ids, names, labels, numbers. */
    static JsonObject object(RoutingContext ctx) {
        return JsonBodies.object(ctx, Set.of());
    }

    /** A body whose {@code freeTextFields} may also hold tab, line feed and carriage return. */
    static JsonObject object(RoutingContext ctx, Set<String> freeTextFields) {
        return JsonBodies.object(ctx, freeTextFields);
    }
}
