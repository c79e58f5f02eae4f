package io.callguard.core.module;

import io.callguard.core.directory.Ids;
import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.core.module.RouteResponse.InvalidFields.FieldError;
import io.callguard.core.time.RequestInstants;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads typed fields of a JSON body ({@link RouteRequest#jsonObject}), collecting one error per bad field; unknown
 * fields are errors too (typos). The one field reader of the module routes: every API says the same thing of the
 * same mistake.
 */
public final class BodyFields {
    private final Map<String, Object> body;
    private final List<FieldError> errors = new ArrayList<>();

    /** @param allowed the fields the body may hold; any other is reported as {@code unknown field} */
    public BodyFields(Map<String, Object> body, Set<String> allowed) {
        this.body = body;
        for (String name : body.keySet()) {
            if (!allowed.contains(name)) errors.add(new FieldError(name, "unknown field"));
        }
    }

    /** Whether the field is present and not null. */
    public boolean has(String field) { return body.get(field) != null; }

    /** The string value, null when absent (an error is recorded when required) or not a string. */
    public String string(String field, boolean required) {
        Object v = present(field, required);
        if (v == null) return null;
        if (!(v instanceof String s)) {
            error(field, "must be a string");
            return null;
        }
        return s;
    }

    /** The integer value within [min, max], null when absent (an error is recorded when required) or invalid. */
    public Long integer(String field, boolean required, long min, long max) {
        Object v = present(field, required);
        if (v == null) return null;
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
    public Boolean bool(String field, boolean required) {
        Object v = present(field, required);
        if (v == null) return null;
        if (!(v instanceof Boolean b)) {
            error(field, "must be true or false");
            return null;
        }
        return b;
    }

    /** An account or trunk id ({@link Ids}); null when absent or invalid (the error is recorded). */
    public String id(String field, boolean required) {
        String id = string(field, required);
        if (id != null && !Ids.valid(id)) {
            error(field, Ids.RULE);
            return null;
        }
        return id;
    }

    /** An optional ISO-8601 instant ({@link RequestInstants}); null when absent or invalid (the error is recorded). */
    public Instant instant(String field) {
        String text = string(field, false);
        if (text == null) return null;
        Optional<Instant> t = RequestInstants.parse(text);
        if (t.isEmpty()) error(field, RequestInstants.RULE + ", got '" + text + "'");
        return t.orElse(null);
    }

    public void error(String field, String message) { errors.add(new FieldError(field, message)); }

    public boolean valid() { return errors.isEmpty(); }

    /** @throws InvalidFields listing every field error, which the HTTP adapter answers as its 400 validation problem */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) throw new InvalidFields(errors);
    }

    private Object present(String field, boolean required) {
        Object v = body.get(field);
        if (v == null && required) error(field, "is required");
        return v;
    }
}
