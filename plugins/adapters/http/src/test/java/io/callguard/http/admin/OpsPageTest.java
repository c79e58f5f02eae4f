package io.callguard.http.admin;

import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.ops.OpsQuery;
import io.callguard.core.ops.OpsSection;
import io.callguard.core.ops.RecentDenials;
import io.callguard.core.time.MutableClock;
import io.callguard.http.ListenerOptions;
import io.callguard.http.StoreFailures;
import io.callguard.http.StoreWorker;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static io.callguard.http.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations page through the real admin listener: its files served without the token and with their security
 * headers; {@code GET /admin/v1/ops/summary} behind the token, its shape, its bounds and its 400s.
 */
class OpsPageTest {
    private static final String TOKEN = "ops-admin-token-0123456789";
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final CallTracker tracker = new CallTracker(clock);
    private final RecentDenials denials = new RecentDenials();
    private final AtomicReference<OpsQuery> asked = new AtomicReference<>();
    private Vertx vertx;
    private WorkerExecutor pool;
    private AdminServer server;
    private WebClient client;
    private int port;

    @BeforeEach
    void start() {
        OpsSection trunks = new OpsSection() {
            @Override public String name() { return "trunks"; }

            @Override public Object snapshot(OpsQuery query) {
                asked.set(query);
                return Map.of("total", 1, "full", 0, "items", List.of(Map.of("trunkId", "trunk-a", "cap", 2, "inUse", 1)));
            }
        };
        OpsSection broken = new OpsSection() {
            @Override public String name() { return "sms"; }

            @Override public Object snapshot(OpsQuery query) { throw new IllegalStateException("backend down"); }
        };
        vertx = Vertx.vertx();
        pool = vertx.createSharedWorkerExecutor(StoreWorker.POOL_NAME, 2);
        server = new AdminServer(vertx, new ListenerOptions("127.0.0.1", 0, TOKEN, 65_536, Duration.ofSeconds(30), 100, 100),
                new AdminContext(() -> true, tracker, new StoreWorker(pool, StoreFailures.NONE), () -> AmiStatus.UP,
                        new InMemoryAuditLog(), List.of(trunks, denials, broken)),
                () -> true, JsonObject::new, List.of());
        port = await(server.start());
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() {
        if (client != null) client.close();
        if (server != null) await(server.stop());
        if (pool != null) await(pool.close());
        if (vertx != null) await(vertx.close());
    }

    private HttpResponse<Buffer> get(String path, String token) {
        var request = client.get(port, "127.0.0.1", path);
        if (token != null) request.bearerTokenAuthentication(token);
        return await(request.send());
    }

    @Test
    void thePageIsServedWithoutTheTokenWithItsSecurityHeaders() {
        HttpResponse<Buffer> page = get("/admin/ui/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(page.bodyAsString()).contains("<script src=\"ops.js\" defer></script>")
                .contains("<label for=\"token\">Admin token</label>").doesNotContain(TOKEN);
        assertThat(page.getHeader("Content-Security-Policy")).contains("default-src 'none'").contains("script-src 'self'")
                .contains("frame-ancestors 'none'").contains("form-action 'none'").doesNotContain("unsafe-inline");
        assertThat(page.getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.getHeader("Cache-Control")).isEqualTo("no-cache");

        // no inline script nor inline style in the page: the CSP would refuse them
        assertThat(page.bodyAsString()).doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>| style=\"| on[a-z]+=\"");

        assertThat(get("/admin/ui/ops.js", null).getHeader("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(get("/admin/ui/ops.css", null).getHeader("Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(get("/admin/ui/favicon.svg", null).statusCode()).isEqualTo(200);

        HttpResponse<Buffer> again = await(client.get(port, "127.0.0.1", "/admin/ui/ops.js")
                .putHeader("If-None-Match", get("/admin/ui/ops.js", null).getHeader("ETag")).send());
        assertThat(again.statusCode()).isEqualTo(304);

        HttpResponse<Buffer> bare = await(client.get(port, "127.0.0.1", "/admin/ui").followRedirects(false).send());
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.getHeader("Location")).isEqualTo("/admin/ui/");
    }

    @Test
    void onlyThePagesOwnFilesAreServed() {
        for (String path : List.of("/admin/ui/nothing.js", "/admin/ui/../v1/ops/summary", "/admin/ui/%2e%2e/v1/calls",
                "/admin/ui/webroot/admin-ui/ops.js", "/admin/ui/index.html/")) {
            HttpResponse<Buffer> r = get(path, null);
            assertThat(r.statusCode()).as(path).isIn(401, 404);
            assertThat(r.bodyAsString()).as(path).doesNotContain("generatedAt");
        }
        HttpResponse<Buffer> post = await(client.post(port, "127.0.0.1", "/admin/ui/").sendBuffer(Buffer.buffer("x")));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.getHeader("Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void theSummaryNeedsTheAdminToken() {
        assertThat(get("/admin/v1/ops/summary", null).statusCode()).isEqualTo(401);
        HttpResponse<Buffer> wrong = get("/admin/v1/ops/summary", "not-the-token-0123456789");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(wrong.bodyAsString()).doesNotContain("generatedAt");
    }

    @Test
    void theSummarySaysEverythingTheOperationsPageShows() {
        tracker.channelCreated("1001.1", "1001.1", "PJSIP/trunk-a-00000001", "acme", "0198765432", "0612345678", "Up",
                NOW.minusSeconds(75));
        tracker.channelCreated("1001.2", "1001.2", "PJSIP/trunk-a-00000002", "acme", "0198765432", "0612345679", "Ring",
                NOW.minusSeconds(5));
        denials.record(new RecentDenials.Denial(NOW.minusSeconds(30), "TRUNK_FULL", "acme", "trunk-a", "OUTBOUND"));
        denials.record(new RecentDenials.Denial(NOW.minusSeconds(20), "TRUNK_FULL", "acme", "trunk-a", "INBOUND"));
        denials.record(new RecentDenials.Denial(NOW.minusSeconds(10), "LINE_SUSPENDED", "acme", "trunk-a", "OUTBOUND"));
        denials.record(new RecentDenials.Denial(NOW.minus(Duration.ofMinutes(20)), "CPS_EXCEEDED", "acme", "trunk-a",
                "OUTBOUND"));

        HttpResponse<Buffer> r = get("/admin/v1/ops/summary", TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
        JsonObject s = r.bodyAsJsonObject();
        assertThat(s.fieldNames()).containsExactly("generatedAt", "status", "calls", "trunks", "denials", "sms");
        assertThat(s.getString("generatedAt")).isEqualTo(NOW.toString());
        assertThat(s.getJsonObject("status")).isEqualTo(new JsonObject().put("ami", "UP").put("store", "UP"));

        JsonObject calls = s.getJsonObject("calls");
        assertThat(calls.getInteger("total")).isEqualTo(2);
        JsonObject first = calls.getJsonArray("items").getJsonObject(0);
        assertThat(first.fieldNames()).containsExactly("uniqueId", "linkedId", "channel", "endpoint", "accountId",
                "direction", "caller", "callee", "state", "startedAt", "answeredAt", "durationSeconds");
        assertThat(first.getString("channel")).isEqualTo("PJSIP/trunk-a-00000001"); // the longest first
        assertThat(first.getLong("durationSeconds")).isEqualTo(75);

        assertThat(s.getJsonObject("trunks").getJsonArray("items").getJsonObject(0).getInteger("inUse")).isEqualTo(1);
        assertThat(asked.get()).isEqualTo(new OpsQuery(NOW, 200, Duration.ofMinutes(15)));

        JsonObject d = s.getJsonObject("denials");
        assertThat(d.getInteger("windowMinutes")).isEqualTo(15);
        assertThat(d.getLong("total")).isEqualTo(3); // the CPS_EXCEEDED of 20 minutes ago is out of the window
        assertThat(d.getLong("sinceStart")).isEqualTo(4);
        assertThat(d.getJsonArray("byReason")).isEqualTo(new JsonArray()
                .add(new JsonObject().put("reason", "TRUNK_FULL").put("count", 2))
                .add(new JsonObject().put("reason", "LINE_SUSPENDED").put("count", 1)));
        assertThat(d.getJsonArray("latest").getJsonObject(0).getString("reason")).isEqualTo("LINE_SUSPENDED");
        assertThat(d.getJsonArray("latest").getJsonObject(0).fieldNames())
                .containsExactly("at", "reason", "accountId", "trunkId", "direction");

        // a section that fails does not take the page down
        assertThat(s.getJsonObject("sms")).isEqualTo(new JsonObject().put("error", "unavailable"));
    }

    @Test
    void theListsAreBoundedAndTheWindowChosen() {
        for (int i = 0; i < 5; i++) {
            tracker.channelCreated("2000." + i, "2000." + i, "PJSIP/trunk-a-0000001" + i, "acme", "01", "06", "Up",
                    NOW.minusSeconds(100 - i));
        }
        denials.record(new RecentDenials.Denial(NOW.minus(Duration.ofMinutes(50)), "CPS_EXCEEDED", "acme", "trunk-a",
                "OUTBOUND"));
        JsonObject s = get("/admin/v1/ops/summary?limit=2&minutes=60", TOKEN).bodyAsJsonObject();
        assertThat(s.getJsonObject("calls").getInteger("total")).isEqualTo(5);
        assertThat(s.getJsonObject("calls").getJsonArray("items")).hasSize(2);
        assertThat(s.getJsonObject("calls").getJsonArray("items").getJsonObject(0).getString("uniqueId")).isEqualTo("2000.0");
        assertThat(asked.get()).isEqualTo(new OpsQuery(NOW, 2, Duration.ofMinutes(60)));
        assertThat(s.getJsonObject("denials").getLong("total")).isEqualTo(1);
    }

    @Test
    void aBadQueryIsA400NamingTheParameter() {
        for (String query : List.of("limit=0", "limit=1001", "limit=abc", "limit=", "limit=-1", "limit=99999999999",
                "minutes=0", "minutes=61", "minutes=1.5")) {
            HttpResponse<Buffer> r = get("/admin/v1/ops/summary?" + query, TOKEN);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
            String field = query.substring(0, query.indexOf('='));
            assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).as(query)
                    .isEqualTo(field);
        }
        assertThat(asked.get()).isNull(); // no section was asked
    }
}
