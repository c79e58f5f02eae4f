package io.callguard.bench;

import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;

/**
 * The result of one FastAgiLoad run over its measured window. CPU figures are per decision: the server's
 * {@code utime+stime} over the window divided by the decisions of the window (-1 when not measured); of it, what
 * the server's JIT compiler threads took ({@code serverJitMs}: near 0 once the server is warm), and apart, what its
 * database's processes took ({@code storeCpuMs}, when given, e.g. PostgreSQL's backends).
 * {@code ami} says what the server was sent on AMI per call ({@link #NO_AMI}: nothing, a FastAGI-only run), so a
 * comparison can tell runs fed the AMI stream from those that were not.
 */
record LoadReport(String target, String note, int concurrency, double windowSeconds, LoadStats.Snapshot stats,
                  long serverPid, double serverCpuMs, double serverJitMs, double storeCpuMs, double generatorCpuMs, double machineBusyPercent,
                  int offeredRate, long notStarted, String load, String warmup, double totalSeconds, String ami,
                  LoadStats.Snapshot everySession) {
    /** {@link #ami()} of a run without the emulated AMI. */
    static final String NO_AMI = "none";

    double rate() { return windowSeconds <= 0 ? 0 : stats.decisions() / windowSeconds; }

    double serverCpuPerDecisionMicros() { return perDecisionMicros(serverCpuMs); }

    double serverJitPerDecisionMicros() { return perDecisionMicros(serverJitMs); }

    double storeCpuPerDecisionMicros() { return perDecisionMicros(storeCpuMs); }

    double generatorCpuPerDecisionMicros() { return perDecisionMicros(generatorCpuMs); }

    private double perDecisionMicros(double cpuMs) {
        return cpuMs < 0 || stats.decisions() == 0 ? -1 : cpuMs * 1000.0 / stats.decisions();
    }

    /** One line, stable {@code key=value} order; what the scripts and humans read. */
    String summaryLine() {
        return String.format(Locale.ROOT, "target=%s decisions=%d rate=%.0f/s p50=%.2fms p90=%.2fms p99=%.2fms "
                        + "p99.9=%.2fms max=%.2fms roundtrips/decision=%.2f allow=%d deny=%d errors=%d "
                        + "server_cpu_per_decision=%s gen_cpu_per_decision=%s",
                target, stats.decisions(), rate(), stats.p50(), stats.p90(), stats.p99(), stats.p999(), stats.max(),
                stats.roundTripsPerDecision(), stats.verdict("ALLOW"), stats.verdict("DENY"), stats.errors(),
                micros(serverCpuPerDecisionMicros()), micros(generatorCpuPerDecisionMicros()))
                + (serverJitMs >= 0 ? " server_jit_per_decision=" + micros(serverJitPerDecisionMicros()) : "")
                + (storeCpuMs >= 0 ? " store_cpu_per_decision=" + micros(storeCpuPerDecisionMicros()) : "")
                + (offeredRate > 0 ? String.format(Locale.ROOT, " offered=%d/s not_started=%d", offeredRate, notStarted) : "");
    }

    private static String micros(double v) { return v < 0 ? "n/a" : String.format(Locale.ROOT, "%.1fµs", v); }

    JsonObject toJson() {
        JsonObject latency = new JsonObject().put("p50", stats.p50()).put("p90", stats.p90()).put("p99", stats.p99())
                .put("p99_9", stats.p999()).put("max", stats.max()).put("mean", round(stats.mean()));
        JsonObject verdicts = new JsonObject();
        stats.verdicts().forEach(verdicts::put);
        JsonObject reasons = new JsonObject();
        for (Map.Entry<String, Long> e : stats.reasons().entrySet()) reasons.put(e.getKey(), e.getValue());
        return new JsonObject()
                .put("target", target)
                .put("note", note)
                .put("concurrency", concurrency)
                .put("load", load)
                .put("offeredRate", offeredRate)
                .put("notStarted", notStarted)
                .put("warmup", warmup)
                .put("ami", ami)
                .put("totalSeconds", round(totalSeconds))
                .put("windowSeconds", round(windowSeconds))
                .put("decisions", stats.decisions())
                .put("rate", round(rate()))
                .put("latencyMs", latency)
                .put("roundTripsPerDecision", round(stats.roundTripsPerDecision()))
                .put("verdicts", verdicts)
                .put("reasons", reasons)
                .put("errors", stats.errors())
                .put("noVerdict", stats.noVerdict())
                .put("failed", stats.failed())
                .put("timeouts", stats.timeouts())
                .put("firstError", stats.firstError())
                .put("serverPid", serverPid)
                .put("serverCpuMs", round(serverCpuMs))
                .put("serverCpuPerDecisionUs", round(serverCpuPerDecisionMicros()))
                .put("serverJitMs", round(serverJitMs))
                .put("serverJitPerDecisionUs", round(serverJitPerDecisionMicros()))
                .put("storeCpuMs", round(storeCpuMs))
                .put("storeCpuPerDecisionUs", round(storeCpuPerDecisionMicros()))
                .put("generatorCpuMs", round(generatorCpuMs))
                .put("generatorCpuPerDecisionUs", round(generatorCpuPerDecisionMicros()))
                .put("machineBusyPercent", round(machineBusyPercent))
                .put("summary", summaryLine())
                // every session of the run, warm-up and outside the window included: what the server answered in all,
                // which testbed/bench/fastagi-bench.sh compares with callguard's /metrics (callguard_decisions_total)
                .put("allSessions", new JsonObject().put("decisions", everySession.decisions())
                        .put("reasons", new JsonObject(new java.util.LinkedHashMap<>(everySession.reasons())))
                        .put("errors", everySession.errors()));
    }

    private static double round(double v) { return Math.round(v * 1000.0) / 1000.0; }
}
