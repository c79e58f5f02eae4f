package io.callguard.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/** Small helpers shared by everything that registers meters. */
public final class Meters {
    /** Every metric name starts with this (Prometheus: {@code callguard_…}). */
    public static final String PREFIX = "callguard.";

    private Meters() { }

    /** A registry whose meters record nothing (a composite of no registry): tests, warm-ups, metrics off. */
    public static MeterRegistry none() { return new CompositeMeterRegistry(); }

    /** The registry a module was offered, else {@link #none()}. */
    public static MeterRegistry orNone(MeterRegistry registry) { return registry == null ? none() : registry; }
}
