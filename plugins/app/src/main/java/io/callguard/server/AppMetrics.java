package io.callguard.server;

import io.callguard.core.metrics.Meters;
import io.callguard.http.metrics.MetricsOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The app's one registry (docs/metrics.md): Prometheus when {@code metrics.enabled} (the JVM and process binders
 * bound to it), else one whose meters record nothing. The rule modules find it as the {@link MeterRegistry} service,
 * the adapters get it by constructor; {@code GET /metrics} scrapes it.
 */
final class AppMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final JvmGcMetrics gc;

    AppMetrics(MetricsOptions options) {
        if (options.enabled()) {
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry = prometheus;
            new JvmMemoryMetrics().bindTo(registry);
            gc = new JvmGcMetrics();
            gc.bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            new FileDescriptorMetrics().bindTo(registry);
        } else {
            prometheus = null;
            registry = Meters.none();
            gc = null;
        }
    }

    MeterRegistry registry() { return registry; }

    /** The HEP collector's counters (R5, R7), read at each scrape: datagrams by what became of them. */
    static void bindHep(MeterRegistry registry, io.callguard.hep.HepCounters counters) {
        hep(registry, "received", counters, io.callguard.hep.HepCounters::received);
        hep(registry, "delivered", counters, io.callguard.hep.HepCounters::delivered);
        hep(registry, "malformed", counters, io.callguard.hep.HepCounters::malformed);
        hep(registry, "not_sip", counters, io.callguard.hep.HepCounters::notSip);
        hep(registry, "bad_password", counters, io.callguard.hep.HepCounters::badPassword);
        hep(registry, "listener_failure", counters, io.callguard.hep.HepCounters::listenerFailures);
    }

    private static void hep(MeterRegistry registry, String outcome, io.callguard.hep.HepCounters counters,
                            java.util.function.ToDoubleFunction<io.callguard.hep.HepCounters> f) {
        io.micrometer.core.instrument.FunctionCounter.builder(Meters.PREFIX + "hep.datagrams", counters, f)
                .description("HEP datagrams by outcome (received counts every one)").tag("outcome", outcome)
                .register(registry);
    }

    /** The Prometheus registry, null when metrics are off. */
    PrometheusMeterRegistry prometheus() { return prometheus; }

    @Override public void close() {
        if (gc != null) gc.close();
        registry.close();
    }
}
