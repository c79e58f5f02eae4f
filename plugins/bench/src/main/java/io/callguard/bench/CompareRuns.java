package io.callguard.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints FastAgiLoad JSON reports side by side: the first file is the subject (callguard), every other one a
 * baseline; then the subject/baseline ratios of rate, p99 and server CPU per decision (of reports of several
 * windows, {@code --windows}: the ratios of their medians), one line per baseline (a
 * baseline that was sent no AMI frames while the subject was is marked so on its line: its CPU per decision
 * leaves the AMI intake out). A missing file is reported and skipped (a run that did not complete); without the
 * subject there are no ratios.
 */
public final class CompareRuns {
    private CompareRuns() { }

    public static void main(String[] argv) throws IOException {
        if (argv.length == 0) {
            System.err.println("usage: CompareRuns subject.json [baseline.json...]");
            System.exit(2);
        }
        List<JsonObject> runs = new ArrayList<>();
        for (String file : argv) {
            Path p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                System.out.println("(no report at " + file + ": that run did not complete)");
                runs.add(null);
                continue;
            }
            runs.add(new JsonObject(Files.readString(p)));
        }
        System.out.print(render(runs));
    }

    /** @param runs the subject first, then the baselines; null for a run without a report */
    static String render(List<JsonObject> runs) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-15s %9s %8s %8s %8s %9s %7s %7s %13s %13s%n", "target", "decisions",
                "rate/s", "p50 ms", "p99 ms", "p99.9 ms", "rt/dec", "errors", "srv_cpu/dec", "gen_cpu/dec"));
        List<JsonObject> present = runs.stream().filter(java.util.Objects::nonNull).toList();
        for (JsonObject r : present) {
            JsonObject l = r.getJsonObject("latencyMs", new JsonObject());
            out.append(String.format(Locale.ROOT, "%-15s %9d %8.0f %8.2f %8.2f %9.2f %7.2f %7d %13s %13s%n",
                    r.getString("target"), r.getLong("decisions", 0L), r.getDouble("rate", 0.0),
                    l.getDouble("p50", 0.0), l.getDouble("p99", 0.0), l.getDouble("p99_9", 0.0),
                    r.getDouble("roundTripsPerDecision", 0.0), r.getLong("errors", 0L),
                    micros(r.getDouble("serverCpuPerDecisionUs", -1.0)), micros(r.getDouble("generatorCpuPerDecisionUs", -1.0))));
        }
        for (JsonObject r : present) {
            if (r.containsKey("load")) {
                out.append(String.format(Locale.ROOT, "  %s: %s; %s%s%s%n", r.getString("target"), r.getString("load"),
                        r.getString("warmup", ""), r.getInteger("offeredRate", 0) > 0
                                ? "; not started (over --max-in-flight): " + r.getLong("notStarted", 0L) : "",
                        !r.containsKey("ami") ? "" : fastAgiOnly(r) ? "; no AMI frames (FastAGI only)"
                                : "; AMI: " + r.getString("ami")));
            }
            JsonObject repeats = r.getJsonObject("repeats");
            if (repeats != null) {
                out.append(String.format(Locale.ROOT, "  %s: %d windows, server CPU per decision min %s median %s, p99 min"
                                + " %.2f median %.2f ms (the row above: the median window by CPU)%n", r.getString("target"),
                        repeats.getInteger("count", 0), micros(figure(r, "serverCpuPerDecisionUs", "min")),
                        micros(figure(r, "serverCpuPerDecisionUs", "median")), figure(r, "p99", "min"),
                        figure(r, "p99", "median")));
            }
        }
        JsonObject subject = runs.isEmpty() ? null : runs.get(0);
        if (subject == null) return out.toString();
        for (JsonObject base : runs.subList(1, runs.size())) {
            if (base == null) continue;
            out.append(String.format(Locale.ROOT, "ratio %s/%s: rate=%s p99=%s server_cpu_per_decision=%s%s%n",
                    subject.getString("target"), base.getString("target"),
                    ratio(subject.getDouble("rate", 0.0), base.getDouble("rate", 0.0)),
                    ratio(figure(subject, "p99", "median"), figure(base, "p99", "median")),
                    ratio(figure(subject, "serverCpuPerDecisionUs", "median"), figure(base, "serverCpuPerDecisionUs", "median")),
                    fastAgiOnly(base) && subject.containsKey("ami") && !fastAgiOnly(subject)
                            ? " (" + base.getString("target") + ": FastAGI only, no AMI frames)" : ""));
        }
        return out.toString();
    }

    /**
     * A figure of a report ({@code serverCpuPerDecisionUs} or {@code p99}): with several windows, their {@code which}
     * ({@code min} or {@code median}); with one, the window's own.
     */
    static double figure(JsonObject run, String name, String which) {
        JsonObject repeats = run.getJsonObject("repeats");
        if (repeats != null && repeats.getJsonObject(name) != null) return repeats.getJsonObject(name).getDouble(which, -1.0);
        return "p99".equals(name) ? run.getJsonObject("latencyMs", new JsonObject()).getDouble("p99", 0.0)
                : run.getDouble(name, -1.0);
    }

    /** A run the generator sent no AMI frames (reports from before the field say nothing either way: false). */
    private static boolean fastAgiOnly(JsonObject run) { return LoadReport.NO_AMI.equals(run.getString("ami")); }

    private static String micros(double v) { return v < 0 ? "n/a" : String.format(Locale.ROOT, "%.1fµs", v); }

    private static String ratio(double a, double b) {
        return a <= 0 || b <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b);
    }
}
