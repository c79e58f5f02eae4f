/**
 * {@code GET /metrics} on the admin listener (docs/metrics.md): the Prometheus text the app's registry scrapes, behind
 * its own bearer token ({@code metrics.token}), the admin token, or an allow-listed source address
 * ({@code metrics.allowFrom}); the settings ({@link io.callguard.http.metrics.MetricsOptions}).
 */
package io.callguard.http.metrics;
