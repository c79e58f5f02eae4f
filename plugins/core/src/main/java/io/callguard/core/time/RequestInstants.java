package io.callguard.core.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Instants as the APIs accept them: ISO-8601 {@code 2025-01-06T09:00:00Z} or with an offset
 * ({@code …T10:00:00+01:00}), from the epoch to the year 9999, truncated to the millisecond (what the store keeps).
 * One rule for every route, built-in or a rule module's.
 */
public final class RequestInstants {
    /** The rule, as an error message says it after the field's name. */
    public static final String RULE = "must be an ISO-8601 instant such as 2025-01-06T09:00:00Z (an offset such as "
            + "+01:00 instead of Z is accepted), up to the year 9999";
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private RequestInstants() { }

    /** The instant, truncated to the millisecond; empty when the text is not one (or null). */
    public static Optional<Instant> parse(String text) {
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
}
