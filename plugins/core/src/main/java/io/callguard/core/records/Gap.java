package io.callguard.core.records;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A stretch of time during which calls may have ended unseen (AMI down, callguard stopped, records lost to a crash):
 * written into the chain so that the hole is part of the proof instead of hidden.
 *
 * @param from   the last moment callguard is sure it saw everything
 * @param to     when it saw again (the resynchronisation)
 * @param reason e.g. {@code AMI_DOWN}, {@code RESTART}, {@code WRITE_LOSS}
 */
public record Gap(Instant from, Instant to, String reason) {
    public Gap {
        from = Objects.requireNonNull(from, "from").truncatedTo(ChronoUnit.MILLIS);
        to = Objects.requireNonNull(to, "to").truncatedTo(ChronoUnit.MILLIS);
        if (to.isBefore(from)) throw new IllegalArgumentException("gap ends (" + to + ") before it starts (" + from + ")");
        if (reason == null || reason.isBlank()) throw new IllegalArgumentException("a gap needs a reason");
    }
}
