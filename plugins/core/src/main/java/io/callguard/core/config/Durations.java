package io.callguard.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses durations written as {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT2S}). */
public final class Durations {
    private Durations() { }

    /** @throws IllegalArgumentException with a message saying which forms are accepted */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim();
        if (!s.isEmpty() && (s.charAt(0) == 'P' || s.charAt(0) == 'p')) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw bad(text);
            }
        }
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        if (i == 0 || i > 12) throw bad(text);
        long amount = Long.parseLong(s.substring(0, i));
        switch (s.substring(i).toLowerCase(Locale.ROOT)) {
            case "ms": return Duration.ofMillis(amount);
            case "s": return Duration.ofSeconds(amount);
            case "m": return Duration.ofMinutes(amount);
            case "h": return Duration.ofHours(amount);
            default: throw bad(text);
        }
    }

    /** The short form used in the example file and messages: {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms != 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms != 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("must be a duration such as 250ms, 2s, 5m, 1h or PT2S, got '" + text + "'");
    }
}
