package io.callguard.server.admin;

import io.callguard.server.http.FieldError;
import io.callguard.server.http.Problem;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads typed fields of a JSON body, collecting one error per bad field; unknown fields are errors too (typos). */
final class FieldReader {
    private final JsonObject body;
    private final List<FieldError> errors = new ArrayList<>();

    FieldReader(JsonObject body, Set<String> allowed) {
        this.body = body;
        for (String name : body.fieldNames()) {
            if (!allowed.contains(name)) errors.add(new FieldError(name, "unknown field"));
        }
    }

    boolean has(String field) { return body.getValue(field) != null; }

    /** The string value, null when absent (an error is recorded when required) or not a string. */
    String string(String field, boolean required) {
        Object v = body.getValue(field);
        if (v == null) {
            if (required) error(field, "is required");
            return null;
        }
        if (!(v instanceof String s)) {
            error(field, "must be a string");
            return null;
        }
        return s;
    }

    /** The integer value within [min, max], null when absent (an error is recorded when required) or invalid. */
    Long integer(String field, boolean required, long min, long max) {
        Object v = body.getValue(field);
        if (v == null) {
            if (required) error(field, "is required");
            return null;
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            error(field, "must be an integer (" + min + ".." + max + ")");
            return null;
        }
        long n = ((Number) v).longValue();
        if (n < min || n > max) {
            error(field, "must be " + min + ".." + max + ", got " + n);
            return null;
        }
        return n;
    }

    /** The boolean value, null when absent (an error is recorded when required) or not a boolean. */
    Boolean bool(String field, boolean required) {
        Object v = body.getValue(field);
        if (v == null) {
            if (required) error(field, "is required");
            return null;
        }
        if (!(v instanceof Boolean b)) {
            error(field, "must be true or false");
            return null;
        }
        return b;
    }

    void error(String field, String message) { errors.add(new FieldError(field, message)); }

    boolean valid() { return errors.isEmpty(); }

    /** @throws ProblemException 400 listing every field error */
    void throwIfInvalid() {
        if (!errors.isEmpty()) throw Problem.validation(errors).exception();
    }
}
