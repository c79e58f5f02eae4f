package io.callguard.http.metrics;

/** What {@code GET /metrics} serves: the app's registry, scraped (CPU only, no I/O). */
public interface MetricsScrape {
    /** The Prometheus text exposition format's content type. */
    String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Every meter now, in the Prometheus text format. */
    String scrape();
}
