package io.callguard.server.config;

import java.time.Duration;

/** Parses durations written as {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT2S}); see {@link io.callguard.core.config.Durations}. */
public final class Durations {
    private Durations() { }

    /** @throws IllegalArgumentException with a message saying which forms are accepted */
    public static Duration parse(String text) { return io.callguard.core.config.Durations.parse(text); }

    /** The short form used in the example file and messages: {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}. */
    public static String format(Duration d) { return io.callguard.core.config.Durations.format(d); }
}
