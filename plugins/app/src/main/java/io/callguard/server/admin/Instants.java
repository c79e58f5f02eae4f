package io.callguard.server.admin;

import io.callguard.core.time.RequestInstants;

import java.time.Instant;
import java.util.Optional;

/** ISO-8601 instants of requests ({@link RequestInstants}: the one rule, shared with the rule modules' routes). */
final class Instants {
    static final String RULE = RequestInstants.RULE;

    private Instants() { }

    /** The instant, truncated to the millisecond (what the store keeps); empty when the text is not one. */
    static Optional<Instant> parse(String text) { return RequestInstants.parse(text); }

    /** Reads an optional instant field; null when absent or invalid (the error is recorded). */
    static Instant read(FieldReader fields, String field) {
        String text = fields.string(field, false);
        if (text == null) return null;
        Optional<Instant> t = parse(text);
        if (t.isEmpty()) fields.error(field, RULE + ", got '" + text + "'");
        return t.orElse(null);
    }
}
