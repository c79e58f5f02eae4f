package io.callguard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.parsetools.RecordParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Counts, not timings: FastAgiLoad against in-process servers on 127.0.0.1, port 0. */
class FastAgiLoadTest {
    private Vertx vertx;

    @BeforeEach
    void setUp() { vertx = Vertx.vertx(); }

    @AfterEach
    void tearDown() throws Exception { vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS); }

    @Test
    void countedRunAgainstTheBareResponderDecidesEveryCallInOneRoundTrip() throws Exception {
        int port = bareResponder();

        LoadReport report = FastAgiLoad.run(LoadOptions.counted("bare-vertx", port, 8, 200));

        LoadStats.Snapshot s = report.stats();
        assertThat(s.decisions()).isEqualTo(200);
        assertThat(s.verdict("ALLOW") + s.verdict("DENY")).isEqualTo(s.decisions());
        assertThat(s.verdict("ALLOW")).isEqualTo(200);
        assertThat(s.errors()).isZero();
        assertThat(s.roundTripsPerDecision()).isEqualTo(1.0);
        assertThat(s.p50()).isPositive().isLessThanOrEqualTo(s.p99());
        assertThat(report.summaryLine()).startsWith("target=bare-vertx decisions=200 ")
                .contains(" roundtrips/decision=1.00 allow=200 deny=0 errors=0 ");
        assertThat(report.toJson().getLong("decisions")).isEqualTo(200L);
        assertThat(report.toJson().getString("ami")).isEqualTo(LoadReport.NO_AMI);
    }

    @Test
    void anOfferedRateRunStartsCallsOnScheduleAndMeasuresFromIt() throws Exception {
        int port = bareResponder();

        LoadReport report = FastAgiLoad.run(LoadOptions.counted("bare-vertx", port, 8, 100).withRate(1000));

        assertThat(report.stats().decisions()).isEqualTo(100);
        assertThat(report.stats().errors()).isZero();
        assertThat(report.offeredRate()).isEqualTo(1000);
        assertThat(report.notStarted()).isZero();
        assertThat(report.load()).startsWith("offered 1000/s");
        assertThat(report.summaryLine()).contains(" allow=100 ").endsWith(" offered=1000/s not_started=0");
        assertThat(report.toJson().getInteger("offeredRate")).isEqualTo(1000);
    }

    @Test
    void aWarmUpByCallsLeavesThatManySessionsOutOfTheWindow() throws Exception {
        int port = bareResponder();

        LoadReport report = FastAgiLoad.run(LoadOptions.counted("bare-vertx", port, 4, 50)
                .withCalls(50, 120, java.time.Duration.ZERO));

        assertThat(report.stats().decisions()).isEqualTo(50);
        // sessions still ending when the window opens may add a few: never fewer than asked
        assertThat(warmedSessions(report))
                .isGreaterThanOrEqualTo(120);
    }

    @Test
    void severalWindowsAreMeasuredInARowAndTheirReportCountsEverySession() throws Exception {
        int port = bareResponder();
        LoadOptions options = LoadOptions.parse(new String[] {"--port", Integer.toString(port), "--target", "bare-vertx",
                "--concurrency", "4", "--calls", "30", "--warmup-calls", "20", "--windows", "3"});

        MeasuredWindows windows = FastAgiLoad.runWindows(options);

        assertThat(windows.windows()).hasSize(3).allSatisfy(w -> {
            assertThat(w.stats().decisions()).isEqualTo(30);
            assertThat(w.stats().errors()).isZero();
        });
        assertThat(windows.clean()).isTrue();
        // the first window after the asked warm-up, each further one after 2,000 sessions of its own (sessions still
        // ending when the window opens may add a few: never fewer)
        assertThat(windows.windows().get(1).warmup()).startsWith("warm-up ");
        assertThat(warmedSessions(windows.windows().get(1)))
                .isGreaterThanOrEqualTo(2000);
        long every = windows.windows().stream().mapToLong(w -> w.everySession().decisions()).sum();
        assertThat(every).isGreaterThanOrEqualTo(3 * 30 + 20 + 2 * 2000);
        JsonObject json = windows.toJson();
        assertThat(json.getJsonArray("windows")).hasSize(3);
        assertThat(json.getJsonObject("allSessions").getLong("decisions")).isEqualTo(every);
        assertThat(json.getJsonObject("repeats").getInteger("count")).isEqualTo(3);
    }

    @Test
    void theMedianWindowByServerCpuStandsForTheRunWithTheMinAndMedianBesideIt() {
        MeasuredWindows windows = new MeasuredWindows(java.util.List.of(window(300, 5.0, 1), window(200, 9.0, 2),
                window(250, 4.0, 3), window(400, 3.0, 4)));

        // four windows: the lower of the two middle ones by CPU (250 µs), its own p99 (4.0)
        assertThat(windows.median().serverCpuPerDecisionMicros()).isEqualTo(250.0);
        JsonObject json = windows.toJson();
        assertThat(json.getDouble("serverCpuPerDecisionUs")).isEqualTo(250.0);
        assertThat(json.getJsonObject("repeats").getJsonObject("serverCpuPerDecisionUs"))
                .isEqualTo(new JsonObject().put("min", 200.0).put("median", 275.0));
        assertThat(json.getJsonObject("repeats").getJsonObject("p99")).isEqualTo(new JsonObject().put("min", 3.0).put("median", 4.5));
        assertThat(json.getString("warmup")).isEqualTo("warm-up 1 sessions; window 3 of 4 (the median by CPU; each after"
                + " the first preceded by a short warm-up of its own)");
        assertThat(windows.summaryLine()).isEqualTo("windows=4 server_cpu_per_decision min=200.0µs median=275.0µs"
                + " p99 min=3.00ms median=4.50ms");
        // one window: its report as it is
        assertThat(new MeasuredWindows(java.util.List.of(window(300, 5.0, 1))).toJson().containsKey("repeats")).isFalse();
    }

    /** A window of 1,000 decisions taking {@code cpuMicros} of server CPU each, with that p99, after that warm-up. */
    private static LoadReport window(double cpuMicros, double p99, int warmupSessions) {
        LoadStats.Snapshot s = new LoadStats.Snapshot(1000, 1000, java.util.Map.of("ALLOW", 1000L), java.util.Map.of(),
                0, 0, 0, null, 1.0, 2.0, p99, p99, p99, 1.0);
        return new LoadReport("bare-vertx", "", 4, 20, s, 1, cpuMicros, 0, -1, 100, -1, 0, 0, "closed loop",
                "warm-up " + warmupSessions + " sessions", 20, LoadReport.NO_AMI, s);
    }

    @Test
    void aJitSettledWarmUpGoesOnByRoundsUntilTheServersJitIsUnderTheThresholdAndSaysSo() throws Exception {
        // the server is this JVM: a threshold of a second per session is met by the first round
        LoadReport report = settledRun(50, 100, new LoadOptions.JitSettle(1_000_000, 60, 10_000), ProcessHandle.current().pid());

        assertThat(report.stats().decisions()).isEqualTo(50);
        assertThat(warmedSessions(report))
                .as(report.warmup()).isGreaterThanOrEqualTo(160);
        assertThat(report.warmup()).contains("JIT settled after 1 round(s) of 60");
    }

    @Test
    void aJitSettledWarmUpWaitsForItsQuietRoundsInARow() throws Exception {
        // every round is quiet here (a second per session): three in a row are three rounds
        LoadReport report = settledRun(30, 50, new LoadOptions.JitSettle(1_000_000, 40, 10_000, 3), ProcessHandle.current().pid());

        assertThat(warmedSessions(report))
                .as(report.warmup()).isGreaterThanOrEqualTo(50 + 3 * 40);
        assertThat(report.warmup()).contains("JIT settled after 3 round(s) of 40").contains("3 in a row");
    }

    @Test
    void aJitSettledWarmUpAlsoWaitsUntilTheServerHasBeenUpLongEnough() throws Exception {
        long self = ProcessHandle.current().pid();
        java.time.Duration up = ProcessCpu.uptime(self);
        // as long as this JVM has been up so far (whole seconds, at least a millisecond) is met by the first quiet round
        java.time.Duration metAsked = java.time.Duration.ofSeconds(up.toSeconds()).plusMillis(up.toSeconds() == 0 ? 1 : 0);
        LoadReport met = settledRun(20, 20, new LoadOptions.JitSettle(1_000_000, 30, 10_000, 1, metAsked), self);
        assertThat(met.warmup()).contains("JIT settled after 1 round(s) of 30")
                .containsPattern("server up \\d+ s \\(at least " + up.toSeconds() + " s asked\\)");
        // a day more than it has been up is never met: the rounds go on to the cap, which says why
        long asked = up.toSeconds() + 86_400;
        LoadReport unmet = settledRun(20, 20, new LoadOptions.JitSettle(1_000_000, 30, 140, 1,
                java.time.Duration.ofSeconds(asked)), self);
        assertThat(unmet.warmup()).contains("JIT NOT settled at the cap of 140 sessions")
                .contains("UNDER " + asked + " s asked");
        assertThat(warmedSessions(unmet))
                .as(unmet.warmup()).isGreaterThanOrEqualTo(140);
    }

    @Test
    void theServersUptimeIsReadFromItsStartAndIsUnknownForNoProcess() {
        java.time.Duration up = ProcessCpu.uptime(ProcessHandle.current().pid());
        java.time.Duration expected = java.time.Duration.between(
                ProcessHandle.current().info().startInstant().orElseThrow(), java.time.Instant.now());
        assertThat(up).isNotNull();
        assertThat(Math.abs(up.minus(expected).toMillis())).isLessThan(1_000);
        assertThat(ProcessCpu.uptime(Long.MAX_VALUE)).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--port", "4573", "--server-pid", "1",
                "--settle-jit", "2", "--settle-uptime", "-1"})).isInstanceOf(IllegalArgumentException.class);
        assertThat(LoadOptions.parse(new String[] {"--port", "4573", "--server-pid", "1", "--settle-jit", "2",
                "--settle-uptime", "75"}).settle().serverUptime()).isEqualTo(java.time.Duration.ofSeconds(75));
    }

    @Test
    void aJitSettledWarmUpThatCannotReadTheServersJitSaysItDidNotSettle() throws Exception {
        LoadReport report = settledRun(20, 0, new LoadOptions.JitSettle(1, 30, 10_000), Integer.MAX_VALUE);

        assertThat(report.stats().decisions()).isEqualTo(20);
        assertThat(report.warmup()).contains("JIT unreadable").contains("not settled");
    }

    @Test
    void aJitSettledWarmUpWhoseCapIsAlreadyReachedSaysItDidNotCheck() throws Exception {
        LoadReport report = settledRun(20, 100, new LoadOptions.JitSettle(2, 30, 50), ProcessHandle.current().pid());

        assertThat(report.warmup()).contains("JIT not checked: the warm-up had reached the cap of 50 sessions already");
    }

    @Test
    void settlingTheJitNeedsTheServersPid() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--port", "4573",
                "--settle-jit", "2"})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--server-pid");
    }

    @Test
    void aServerThatClosesWithoutAVerdictCountsAsErrorsNotDecisions() throws Exception {
        NetServer closer = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0));
        closer.connectHandler(socket -> socket.handler(RecordParser.newDelimited("\n", line -> {
            if (line.length() == 0) socket.close(); // header read, then nothing
        })));
        int port = listen(closer.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));

        LoadReport report = FastAgiLoad.run(LoadOptions.counted("mute", port, 4, 20));

        assertThat(report.stats().decisions()).isZero();
        assertThat(report.stats().noVerdict()).isEqualTo(20);
        assertThat(report.stats().errors()).isEqualTo(20);
        assertThat(report.summaryLine()).contains(" allow=0 deny=0 errors=20 ");
    }

    @Test
    void setVariableAnswersAreCountedAsOneRoundTripPerCommandAndTheReasonIsKept() throws Exception {
        NetServer server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0));
        server.connectHandler(socket -> {
            int[] state = {0};
            socket.handler(RecordParser.newDelimited("\n", line -> {
                if (state[0] == 0 && line.length() == 0) {
                    state[0] = 1;
                    socket.write("SET VARIABLE CALLGUARD_VERDICT DENY\n");
                } else if (state[0] == 1) {
                    state[0] = 2;
                    socket.write("SET VARIABLE CALLGUARD_REASON \"UNKNOWN_ACCOUNT\"\n");
                } else if (state[0] == 2) {
                    socket.close();
                }
            }));
        });
        int port = listen(server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));

        LoadReport report = FastAgiLoad.run(LoadOptions.counted("set-variable", port, 2, 10));

        assertThat(report.stats().decisions()).isEqualTo(10);
        assertThat(report.stats().roundTripsPerDecision()).isEqualTo(2.0);
        assertThat(report.stats().reasons()).containsEntry("DENY/UNKNOWN_ACCOUNT", 10L);
    }

    /** {@code calls} measured sessions against the bare responder after a JIT-settled warm-up judged on {@code pid}. */
    private LoadReport settledRun(int calls, int warmupCalls, LoadOptions.JitSettle settle, long pid) throws Exception {
        return FastAgiLoad.run(LoadOptions.counted("bare-vertx", bareResponder(), 4, calls)
                .withCalls(calls, warmupCalls, java.time.Duration.ZERO).withSettle(settle, pid));
    }

    /** The bare responder of the benchmarks, listening on a port of its own. */
    private int bareResponder() throws Exception {
        return listen(BareResponder.start(vertx, "127.0.0.1", 0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS));
    }

    private static int listen(NetServer server) { return server.actualPort(); }

    /** The sessions a report's warm-up line counts ("warm-up N sessions…"). */
    private static long warmedSessions(LoadReport report) {
        return Long.parseLong(report.warmup().replaceAll("\\D+", " ").trim().split(" ")[0]);
    }
}
