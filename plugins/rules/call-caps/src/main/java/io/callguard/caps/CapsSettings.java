package io.callguard.caps;

import java.time.Duration;
import java.util.Objects;

/**
 * Timings of the caps' background work (the app schedules the module's timers; nothing here sleeps or schedules).
 *
 * @param orphanGrace       a reservation whose call shows no live channel is freed only once this old (a decision
 *                          just taken may not have its channel reported yet), and a live channel whose decision
 *                          holds no reservation (a refused call playing its prompt) is adopted only once this old;
 *                          default 10 s
 * @param watchdogGrace     a call is hung up once it outlives its maximum duration by this much; default 60 s
 * @param reconcileInterval how often the module's timer runs {@link CallCaps#reconcile()}; default 60 s
 * @param watchdogInterval  how often the module's timer runs {@link CallCaps#sweep()}; default 10 s
 */
public record CapsSettings(Duration orphanGrace, Duration watchdogGrace, Duration reconcileInterval,
                           Duration watchdogInterval) {
    public static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_WATCHDOG_GRACE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_WATCHDOG_INTERVAL = Duration.ofSeconds(10);

    public CapsSettings {
        notNegative("orphanGrace", orphanGrace);
        notNegative("watchdogGrace", watchdogGrace);
        positive("reconcileInterval", reconcileInterval);
        positive("watchdogInterval", watchdogInterval);
    }

    public static CapsSettings defaults() {
        return new CapsSettings(DEFAULT_ORPHAN_GRACE, DEFAULT_WATCHDOG_GRACE, DEFAULT_RECONCILE_INTERVAL,
                DEFAULT_WATCHDOG_INTERVAL);
    }

    private static void notNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) throw new IllegalArgumentException(name + " must not be negative: " + d);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
    }
}
