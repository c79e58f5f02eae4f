package io.callguard.core.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one look at the operations summary asks of every section.
 *
 * @param now    the instant the summary describes (one clock read for every section)
 * @param limit  most entries any list of a section holds (its total is told beside it)
 * @param window how far back the counts over time (the refused calls) go
 */
public record OpsQuery(Instant now, int limit, Duration window) {
    /** The bounds the HTTP adapter checks before asking ({@code limit}, {@code minutes} query parameters). */
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 200;
    public static final int MAX_WINDOW_MINUTES = RecentDenials.MAX_WINDOW_MINUTES;
    public static final int DEFAULT_WINDOW_MINUTES = 15;

    public OpsQuery {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(window, "window");
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofMinutes(MAX_WINDOW_MINUTES)) > 0) {
            throw new IllegalArgumentException("window must be 1.." + MAX_WINDOW_MINUTES + " minutes");
        }
    }
}
