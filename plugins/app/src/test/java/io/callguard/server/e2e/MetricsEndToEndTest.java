package io.callguard.server.e2e;

import io.callguard.server.TestApps;
import io.callguard.server.metrics.PrometheusText;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /metrics} after a known mix of decisions through FastAGI (real sockets, emulated Asterisk): the decision
 * counters equal, label set by label set, what the FastAGI client received; the scrape's authentication (metrics
 * token, admin token, 401 problem otherwise) and the other meters' presence.
 */
class MetricsEndToEndTest extends CapsEndToEndFixture {
    static final String SCRAPE_TOKEN = "scrape-token-0123456789";

    @Override Map<String, String> settings() {
        return Map.of("CALLGUARD_METRICS_TOKEN", SCRAPE_TOKEN);
    }

    /** What the FastAGI client saw, counted by (script, verdict, reason): the "load generator's" counts. */
    private final Map<String, Integer> seen = new TreeMap<>();

    private AgiSessionResult count(String script, AgiSessionResult r) {
        String reason = r.variable("CALLGUARD_REASON");
        seen.merge(script + " " + r.variable("CALLGUARD_VERDICT") + " " + (reason == null ? "NONE" : reason), 1, Integer::sum);
        return r;
    }

    private Call counted(Call c, String script) {
        count(script, c.result());
        return c;
    }

    @Test
    void decisionCountersMatchWhatTheClientReceivedExactly() {
        // 5 at once on a T0 trunk (2 channels): 2 ALLOW, 3 DENY TRUNK_FULL
        List<Future<Call>> burst = new ArrayList<>();
        for (int i = 0; i < 5; i++) burst.add(outbound(MOBILE));
        List<Call> calls = simultaneously(burst);
        calls.forEach(c -> counted(c, "outbound"));
        assertThat(withVerdict(calls, "ALLOW")).hasSize(2);
        // an emergency call while the trunk is full: allowed
        Call emergency = counted(call(outbound("112")), "outbound");
        assertThat(emergency.reason()).isEqualTo("EMERGENCY");
        for (Call c : withVerdict(calls, "ALLOW")) hangup(c, 16);
        hangup(emergency, 16);
        until("trunk free", () -> inUse() == 0);
        // 3 inbound calls to the DID, each hung up: ALLOW
        for (int i = 0; i < 3; i++) {
            Call in = counted(call(inbound()), "inbound");
            assertThat(in.verdict()).isEqualTo("ALLOW");
            hangup(in, 16);
        }
        until("trunk free", () -> inUse() == 0);
        // 4 calls of an account nobody knows: DENY UNKNOWN_ACCOUNT
        for (int i = 0; i < 4; i++) {
            String id = asterisk.nextUniqueId();
            AgiSessionResult r = await(agi.run("127.0.0.1", app.fastAgiPort(),
                    AgiEnvironment.outbound(nextChannel("stranger"), id, "nobody", "0100000000", MOBILE)));
            assertThat(count("outbound", r).variable("CALLGUARD_REASON")).isEqualTo("UNKNOWN_ACCOUNT");
        }
        // acme suspended: 2 outbound calls refused LINE_SUSPENDED, an emergency one allowed
        send("POST", "/admin/v1/accounts/acme/suspensions", new JsonObject().put("reason", "NON_PAYMENT"), 201);
        for (int i = 0; i < 2; i++) assertThat(counted(call(outbound(MOBILE)), "outbound").reason()).isEqualTo("LINE_SUSPENDED");
        Call stillEmergency = counted(call(outbound("112")), "outbound");
        hangup(stillEmergency, 16);

        PrometheusText metrics = PrometheusText.parse(scrape(SCRAPE_TOKEN).bodyAsString());
        Map<String, Integer> counted = new TreeMap<>();
        metrics.series("callguard_decisions_total").forEach((labels, value) -> counted.merge(labels.get("script") + " "
                + labels.get("verdict") + " " + labels.get("reason"), value.intValue(), Integer::sum));
        assertThat(counted).isEqualTo(seen);
        assertThat(seen).containsEntry("outbound DENY TRUNK_FULL", 3).containsEntry("outbound ALLOW NONE", 2)
                .containsEntry("outbound ALLOW EMERGENCY", 2).containsEntry("inbound ALLOW NONE", 3)
                .containsEntry("outbound DENY UNKNOWN_ACCOUNT", 4).containsEntry("outbound DENY LINE_SUSPENDED", 2);
        // the settling policy of each
        assertThat(metrics.sum("callguard_decisions_total", Map.of("reason", "TRUNK_FULL", "policy", "channel-cap"))).isEqualTo(3);
        assertThat(metrics.sum("callguard_decisions_total", Map.of("reason", "LINE_SUSPENDED", "policy", "suspension"))).isEqualTo(2);
        assertThat(metrics.sum("callguard_decisions_total", Map.of("reason", "EMERGENCY", "policy", "emergency"))).isEqualTo(2);
        assertThat(metrics.sum("callguard_decisions_total", Map.of("reason", "UNKNOWN_ACCOUNT", "policy", "default"))).isEqualTo(4);
        assertThat(metrics.sum("callguard_decisions_total", Map.of("verdict", "ALLOW", "reason", "NONE", "policy", "default"))).isEqualTo(5);
        // one latency observation per answer; no fail-safe answer
        assertThat(metrics.sum("callguard_decision_duration_seconds_count", Map.of())).isEqualTo(16);
        assertThat(metrics.sum("callguard_fastagi_failsafe_answers_total", Map.of())).isZero();
        assertThat(metrics.sum("callguard_fastagi_sessions_total", Map.of())).isEqualTo(16);
        assertThat(metrics.sum("callguard_ami_connected", Map.of())).isEqualTo(1);
        assertThat(metrics.sum("callguard_ami_events_total", Map.of("type", "Hangup"))).isGreaterThan(0);
        assertThat(metrics.sum("callguard_ami_resync_duration_seconds_count", Map.of())).isGreaterThanOrEqualTo(1);
        // the modules' meters: the suspension in force, the trunk's channels (labelled: top:20 by default), records
        assertThat(metrics.sum("callguard_suspensions_active", Map.of("reason", "NON_PAYMENT"))).isEqualTo(1);
        assertThat(metrics.sum("callguard_suspensions_active", Map.of())).isEqualTo(1);
        // the trunks' gauges are refreshed every 5 s (caps-metrics timer): the trunk seeded after the start shows then
        until("the trunk's gauges", () -> PrometheusText.parse(scrape(SCRAPE_TOKEN).bodyAsString())
                .series("callguard_trunk_channels_cap").containsKey(Map.of("trunk", TRUNK, "account", "acme")));
        PrometheusText later = PrometheusText.parse(scrape(SCRAPE_TOKEN).bodyAsString());
        assertThat(later.sum("callguard_channels_cap", Map.of())).isEqualTo(2);
        assertThat(later.series("callguard_trunk_channels_cap")).containsEntry(Map.of("trunk", TRUNK, "account", "acme"), 2.0);
        assertThat(later.series("callguard_trunk_channels_in_use")).containsEntry(Map.of("trunk", TRUNK, "account", "acme"), 0.0);
        // scrapes do not count as decisions
        assertThat(later.series("callguard_decisions_total")).isEqualTo(metrics.series("callguard_decisions_total"));
        until("the records are written", () -> PrometheusText.parse(scrape(SCRAPE_TOKEN).bodyAsString())
                .sum("callguard_records_written_total", Map.of()) >= 1);
        assertThat(metrics.names()).contains("callguard_sms_requests_total", "callguard_sms_queue",
                "callguard_callbacks_pending", "callguard_records_checkpoints_total", "callguard_ami_frame_lag_seconds_count",
                "callguard_ami_reconnects_total", "callguard_trunks_full");
        assertThat(metrics.names()).contains("jvm_memory_used_bytes", "process_cpu_usage", "process_uptime_seconds",
                "jvm_threads_live_threads",
                "hikaricp_connections_active", "callguard_fastagi_sessions_open", "callguard_decision_duration_seconds_bucket");
    }

    @Test
    void scrapeNeedsTheMetricsTokenOrTheAdminToken() {
        HttpResponse<Buffer> none = await(http.get("/metrics").send());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer");
        assertThat(none.bodyAsJsonObject().getString("type")).isEqualTo("urn:callguard:problem:unauthorized");
        assertThat(scrape("not-the-token-0123456789").statusCode()).isEqualTo(401);
        HttpResponse<Buffer> ok = scrape(SCRAPE_TOKEN);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
        assertThat(scrape(TestApps.TOKEN).statusCode()).isEqualTo(200);
        // the scrape token opens nothing of the admin API
        assertThat(await(http.get("/admin/v1/calls").bearerTokenAuthentication(SCRAPE_TOKEN).send()).statusCode())
                .isEqualTo(401);
    }

    /**
     * Every metric the shipped Grafana dashboard queries ({@code config-examples/grafana/*.json}, each panel's
     * {@code expr}) is in a real scrape of a started callguard that decided one call.
     */
    @Test
    void everyMetricTheDashboardQueriesIsInTheScrape() throws Exception {
        Call c = call(outbound(MOBILE));
        hangup(c, 16);
        // the per-trunk gauges appear at the caps-metrics timer's next run (every 5 s) after the trunk was seeded
        until("the trunk's gauges", () -> scrape(SCRAPE_TOKEN).bodyAsString().contains("callguard_trunk_channels_cap{"));
        Set<String> scraped = PrometheusText.parse(scrape(SCRAPE_TOKEN).bodyAsString()).names();
        Path dir = repositoryRoot().resolve("config-examples/grafana");
        List<Path> dashboards;
        try (Stream<Path> files = Files.list(dir)) {
            dashboards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(dashboards).as("dashboards in " + dir).isNotEmpty();
        Pattern metric = Pattern.compile("\\b(?:callguard|jvm|process|system|hikaricp)_[a-zA-Z0-9_]*");
        for (Path dashboard : dashboards) {
            List<String> exprs = new ArrayList<>();
            collectExprs(new JsonObject(Files.readString(dashboard)), exprs);
            assertThat(exprs).as("queries of " + dashboard).hasSizeGreaterThan(20);
            Set<String> queried = new TreeSet<>();
            for (String expr : exprs) {
                Matcher m = metric.matcher(expr);
                boolean any = false;
                while (m.find()) {
                    queried.add(m.group());
                    any = true;
                }
                assertThat(any).as("a metric of callguard in " + expr).isTrue();
            }
            assertThat(scraped).as("metrics " + dashboard.getFileName() + " queries").containsAll(queried);
        }
    }

    private static void collectExprs(Object node, List<String> out) {
        if (node instanceof JsonObject o) {
            o.forEach(e -> {
                if (e.getKey().equals("expr") && e.getValue() instanceof String s) out.add(s);
                else collectExprs(e.getValue(), out);
            });
        } else if (node instanceof io.vertx.core.json.JsonArray a) {
            a.forEach(v -> collectExprs(v, out));
        }
    }

    private static Path repositoryRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("config-examples/grafana"))) return d;
        }
        throw new AssertionError("config-examples/grafana not found above " + Path.of("").toAbsolutePath());
    }

    private HttpResponse<Buffer> scrape(String token) {
        return await(http.get("/metrics").bearerTokenAuthentication(token).send());
    }
}
