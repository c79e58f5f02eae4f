/**
 * Metrics (docs/metrics.md): callguard counts through the Micrometer facade, like it logs through SLF4J. The app
 * builds the one registry (Prometheus, scraped at {@code GET /metrics}) and offers it to the rule modules as the
 * {@link io.micrometer.core.instrument.MeterRegistry} service and to the adapters by constructor; without it
 * ({@link Meters#none()}) every meter is a no-op. {@link TrunkLabels} bounds the per-trunk labels.
 */
package io.callguard.core.metrics;
