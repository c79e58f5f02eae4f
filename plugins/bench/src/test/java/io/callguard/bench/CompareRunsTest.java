package io.callguard.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The side-by-side table of fastagi-bench: one ratio line per baseline, FastAGI-only baselines marked. */
class CompareRunsTest {
    private static final String AMI = "asterisk, 8 frames per answered call";

    @Test
    void theSubjectIsComparedWithEveryBaselineAndAFastAgiOnlyOneIsMarkedSo() {
        String out = CompareRuns.render(Arrays.asList(run("callguard", 30.0, AMI), run("bare-vertx+ami", 20.0, AMI),
                run("bare-vertx", 15.0, LoadReport.NO_AMI), run("asterisk-java", 60.0, LoadReport.NO_AMI)));

        assertThat(out).contains("ratio callguard/bare-vertx+ami: rate=1.00 p99=1.00 server_cpu_per_decision=1.50\n")
                .contains("ratio callguard/bare-vertx: rate=1.00 p99=1.00 server_cpu_per_decision=2.00"
                        + " (bare-vertx: FastAGI only, no AMI frames)\n")
                .contains("ratio callguard/asterisk-java: rate=1.00 p99=1.00 server_cpu_per_decision=0.50"
                        + " (asterisk-java: FastAGI only, no AMI frames)\n")
                .contains("  bare-vertx+ami: closed loop, concurrency 32; warm-up 20000 sessions; AMI: " + AMI + "\n")
                .contains("  bare-vertx: closed loop, concurrency 32; warm-up 20000 sessions; no AMI frames (FastAGI only)\n");
        assertThat(out.lines().filter(l -> l.startsWith("bare-vertx+ami "))).hasSize(1);
    }

    @Test
    void withoutTheSubjectsReportThereIsNoRatioAndAMissingBaselineIsLeftOut() {
        assertThat(CompareRuns.render(Arrays.asList(null, run("bare-vertx+ami", 20.0, AMI), run("bare-vertx", 15.0,
                LoadReport.NO_AMI)))).doesNotContain("ratio").contains("bare-vertx+ami ");
        assertThat(CompareRuns.render(Arrays.asList(run("callguard", 30.0, AMI), null, run("bare-vertx", 15.0,
                LoadReport.NO_AMI)))).contains("ratio callguard/bare-vertx: ").doesNotContain("ratio callguard/null");
    }

    @Test
    void reportsOfSeveralWindowsAreComparedByTheirMediansAndTheirSpreadIsShown() {
        JsonObject subject = run("callguard", 300.0, AMI).put("repeats", new JsonObject().put("count", 3)
                .put("serverCpuPerDecisionUs", new JsonObject().put("min", 240.0).put("median", 260.0))
                .put("p99", new JsonObject().put("min", 3.5).put("median", 4.0)));
        JsonObject base = run("bare-vertx+ami", 20.0, AMI).put("repeats", new JsonObject().put("count", 3)
                .put("serverCpuPerDecisionUs", new JsonObject().put("min", 190.0).put("median", 200.0))
                .put("p99", new JsonObject().put("min", 4.5).put("median", 5.0)));

        String out = CompareRuns.render(Arrays.asList(subject, base, run("bare-vertx", 130.0, LoadReport.NO_AMI)));

        assertThat(out).contains("ratio callguard/bare-vertx+ami: rate=1.00 p99=0.80 server_cpu_per_decision=1.30\n")
                // a baseline of one window: its own figures against the subject's medians
                .contains("ratio callguard/bare-vertx: rate=1.00 p99=2.00 server_cpu_per_decision=2.00")
                .contains("  callguard: 3 windows, server CPU per decision min 240.0µs median 260.0µs, p99 min 3.50"
                        + " median 4.00 ms");
    }

    private static JsonObject run(String target, double cpuPerDecision, String ami) {
        return new JsonObject().put("target", target).put("decisions", 1000L).put("rate", 500.0)
                .put("latencyMs", new JsonObject().put("p50", 1.0).put("p99", 2.0).put("p99_9", 3.0))
                .put("roundTripsPerDecision", 1.0).put("errors", 0L).put("serverCpuPerDecisionUs", cpuPerDecision)
                .put("generatorCpuPerDecisionUs", 10.0).put("load", "closed loop, concurrency 32")
                .put("warmup", "warm-up 20000 sessions").put("ami", ami);
    }
}
