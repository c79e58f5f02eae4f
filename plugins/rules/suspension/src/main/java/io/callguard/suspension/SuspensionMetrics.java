package io.callguard.suspension;

import io.callguard.core.metrics.Meters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Instant;

/**
 * The suspensions as meters (docs/metrics.md), read from the book at each scrape: in force and scheduled, by reason
 * (one series per reason code, the bounded list of {@link SuspensionReason}), and by scope.
 */
final class SuspensionMetrics {
    private SuspensionMetrics() { }

    static void bind(MeterRegistry registry, SuspensionBook book, Clock clock) {
        for (SuspensionReason reason : SuspensionReason.values()) {
            Gauge.builder(Meters.PREFIX + "suspensions.active", book, b -> count(b, reason, clock.instant(), true))
                    .description("suspensions in force now, by reason (R3-R6)").tag("reason", reason.name())
                    .register(registry);
            Gauge.builder(Meters.PREFIX + "suspensions.scheduled", book, b -> count(b, reason, clock.instant(), false))
                    .description("suspensions whose start is still to come, by reason").tag("reason", reason.name())
                    .register(registry);
        }
    }

    private static double count(SuspensionBook book, SuspensionReason reason, Instant now, boolean active) {
        int n = 0;
        for (Suspension s : book.open()) {
            if (s.reason() == reason && (active ? s.isActiveAt(now) : s.isScheduledAt(now))) n++;
        }
        return n;
    }
}
