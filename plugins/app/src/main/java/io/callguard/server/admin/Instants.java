package io.callguard.server.admin;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** ISO-8601 instants of requests: {@code 2025-01-06T09:00:00Z} or with an offset ({@code …T10:00:00+01:00}). */
final class Instants {
    static final String RULE = "must be an ISO-8601 instant such as 2025-01-06T09:00:00Z (an offset such as +01:00 "
            + "instead of Z is accepted), up to the year 9999";
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private Instants() { }

    /** The instant, truncated to the millisecond (what the store keeps); empty when the text is not one. */
    static Optional<Instant> parse(String text) {
        if (text == null) return Optional.empty();
        Instant t;
        try {
            t = Instant.parse(text.trim());
        } catch (DateTimeParseException notUtc) {
            try {
                t = OffsetDateTime.parse(text.trim()).toInstant();
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (t.isAfter(LATEST) || t.isBefore(Instant.EPOCH)) return Optional.empty();
        return Optional.of(t.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Reads an optional instant field; null when absent or invalid (the error is recorded). */
    static Instant read(FieldReader fields, String field) {
        String text = fields.string(field, false);
        if (text == null) return null;
        Optional<Instant> t = parse(text);
        if (t.isEmpty()) fields.error(field, RULE + ", got '" + text + "'");
        return t.orElse(null);
    }
}
