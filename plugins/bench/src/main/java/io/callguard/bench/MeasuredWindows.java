package io.callguard.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Several measured windows of one load against one server ({@code --windows N}), read as one: the window of median
 * server CPU per decision stands for the run (its JSON is the report's, so every reader of one window reads this one
 * too), with every window's figures and the min and median of CPU per decision and of p99 beside it. One window is
 * not a measurement at a low rate: the same server moved by a quarter from one 20 s window to the next at 500 calls/s.
 */
record MeasuredWindows(List<LoadReport> windows) {
    MeasuredWindows {
        if (windows.isEmpty()) throw new IllegalArgumentException("no window");
        windows = List.copyOf(windows);
    }

    /** The window of median server CPU per decision (the lower of the two middle ones when their number is even). */
    LoadReport median() {
        List<LoadReport> byCpu = new ArrayList<>(windows);
        byCpu.sort(Comparator.comparingDouble(LoadReport::serverCpuPerDecisionMicros));
        return byCpu.get((byCpu.size() - 1) / 2);
    }

    /** Every window saw decisions and none saw an error (FastAgiLoad's exit code). */
    boolean clean() {
        return windows.stream().allMatch(w -> w.stats().decisions() > 0 && w.stats().errors() == 0);
    }

    /** One line: the min and median of CPU per decision and p99 over the windows. */
    String summaryLine() {
        List<Double> cpu = sortedCpu(), p99 = sortedP99();
        return String.format(Locale.ROOT, "windows=%d server_cpu_per_decision min=%.1fµs median=%.1fµs p99 min=%.2fms "
                + "median=%.2fms", windows.size(), cpu.get(0), middle(cpu), p99.get(0), middle(p99));
    }

    /**
     * The median window's JSON with {@code windows} (each window's CPU, JIT, p99, rate and decisions), {@code repeats}
     * (min and median of CPU per decision and p99) and {@code allSessions} summed over every window.
     */
    JsonObject toJson() {
        JsonObject json = median().toJson();
        if (windows.size() == 1) return json;
        JsonArray each = new JsonArray();
        long decisions = 0, errors = 0;
        Map<String, Long> reasons = new TreeMap<>();
        for (LoadReport w : windows) {
            each.add(new JsonObject().put("serverCpuPerDecisionUs", round(w.serverCpuPerDecisionMicros()))
                    .put("serverJitPerDecisionUs", round(w.serverJitPerDecisionMicros()))
                    .put("p99", w.stats().p99()).put("rate", round(w.rate())).put("decisions", w.stats().decisions()));
            decisions += w.everySession().decisions();
            errors += w.everySession().errors();
            w.everySession().reasons().forEach((k, v) -> reasons.merge(k, v, Long::sum));
        }
        List<Double> cpu = sortedCpu(), p99 = sortedP99();
        // the run's warm-up is the first window's; a further window's own is only the load brought back
        json.put("warmup", windows.get(0).warmup() + "; window " + (windows.indexOf(median()) + 1) + " of "
                + windows.size() + " (the median by CPU; each after the first preceded by a short warm-up of its own)");
        return json.put("windows", each)
                .put("repeats", new JsonObject().put("count", windows.size())
                        .put("serverCpuPerDecisionUs", new JsonObject().put("min", round(cpu.get(0))).put("median", round(middle(cpu))))
                        .put("p99", new JsonObject().put("min", p99.get(0)).put("median", round(middle(p99)))))
                .put("allSessions", new JsonObject().put("decisions", decisions)
                        .put("reasons", new JsonObject(new java.util.LinkedHashMap<>(reasons))).put("errors", errors));
    }

    private List<Double> sortedCpu() { return sorted(windows.stream().map(LoadReport::serverCpuPerDecisionMicros).toList()); }

    private List<Double> sortedP99() { return sorted(windows.stream().map(w -> w.stats().p99()).toList()); }

    private static List<Double> sorted(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        return s;
    }

    /** The median: the middle value, or the mean of the two middle ones. */
    static double middle(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double round(double v) { return Math.round(v * 1000.0) / 1000.0; }
}
