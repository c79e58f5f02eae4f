package io.callguard.bench;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the measured window saw: latency histogram (microseconds) of decided sessions, verdict and reason counts,
 * round trips, errors by kind with a first example. Thread-safe (sessions end on any generator event loop).
 */
final class LoadStats {
    /** Latencies up to one minute, three significant digits. */
    private final Histogram latencyMicros = new Histogram(60_000_000L, 3);
    private final Map<String, Long> verdicts = new TreeMap<>();
    private final Map<String, Long> reasons = new TreeMap<>();
    private long decisions;
    private long roundTrips;
    private long noVerdict;
    private long failed;
    private long timeouts;
    private String firstError;

    synchronized void record(SessionOutcome o) {
        switch (o.kind()) {
            case DECIDED -> {
                decisions++;
                roundTrips += o.roundTrips();
                latencyMicros.recordValue(Math.min(latencyMicros.getHighestTrackableValue(),
                        Math.max(1, o.latencyNanos() / 1000)));
                verdicts.merge(o.verdict(), 1L, Long::sum);
                reasons.merge(o.reason() == null ? o.verdict() : o.verdict() + "/" + o.reason(), 1L, Long::sum);
            }
            case NO_VERDICT -> noVerdict++;
            case FAILED -> failed++;
            case TIMEOUT -> timeouts++;
        }
        if (o.kind() != SessionOutcome.Kind.DECIDED && firstError == null) firstError = o.kind() + ": " + o.failure();
    }

    synchronized long decisions() { return decisions; }

    synchronized long errors() { return noVerdict + failed + timeouts; }

    /** An immutable copy, latency in milliseconds. */
    synchronized Snapshot snapshot() {
        return new Snapshot(decisions, roundTrips, Map.copyOf(verdicts), new TreeMap<>(reasons), noVerdict, failed,
                timeouts, firstError,
                ms(latencyMicros.getValueAtPercentile(50)), ms(latencyMicros.getValueAtPercentile(90)),
                ms(latencyMicros.getValueAtPercentile(99)), ms(latencyMicros.getValueAtPercentile(99.9)),
                ms(latencyMicros.getMaxValue()), decisions == 0 ? 0 : latencyMicros.getMean() / 1000.0);
    }

    private static double ms(long micros) { return micros / 1000.0; }

    /** The counts of both (verdicts, reasons, errors; latencies zero): every session of a run, measured or not. */
    static Snapshot merged(LoadStats a, LoadStats b) {
        Snapshot x = a.snapshot(), y = b.snapshot();
        Map<String, Long> verdicts = new TreeMap<>(x.verdicts());
        y.verdicts().forEach((k, v) -> verdicts.merge(k, v, Long::sum));
        Map<String, Long> reasons = new TreeMap<>(x.reasons());
        y.reasons().forEach((k, v) -> reasons.merge(k, v, Long::sum));
        return new Snapshot(x.decisions() + y.decisions(), x.roundTrips() + y.roundTrips(), verdicts, reasons,
                x.noVerdict() + y.noVerdict(), x.failed() + y.failed(), x.timeouts() + y.timeouts(),
                x.firstError() != null ? x.firstError() : y.firstError(), 0, 0, 0, 0, 0, 0);
    }

    /** Counts and latency percentiles (ms) of one window. */
    record Snapshot(long decisions, long roundTrips, Map<String, Long> verdicts, Map<String, Long> reasons,
                    long noVerdict, long failed, long timeouts, String firstError,
                    double p50, double p90, double p99, double p999, double max, double mean) {
        long errors() { return noVerdict + failed + timeouts; }

        long verdict(String v) { return verdicts.getOrDefault(v, 0L); }

        double roundTripsPerDecision() { return decisions == 0 ? 0 : (double) roundTrips / decisions; }
    }
}
