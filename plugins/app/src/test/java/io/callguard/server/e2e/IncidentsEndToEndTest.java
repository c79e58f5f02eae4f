package io.callguard.server.e2e;

import io.callguard.core.time.MutableClock;
import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * R12 (CGV 10.2, GTR) end to end over real HTTP on a real store: an account's {@code monthlySubscriptionCents} through
 * the accounts API and the store, incident tickets opened and later restored, the business clock's figures of the
 * issue (Friday 17:00 → Monday 11:00 = 3 h, no penalty; Ascension Thursday 10:00 → Friday 16:00 = 7 h, 20 %), a year
 * of tickets capped at one monthly subscription, the report as JSON and as CSV, bad input refused naming the field
 * with nothing changed, the writes audited, and all of it read back the same after a restart. Subclasses choose the
 * store (H2, PostgreSQL).
 */
abstract class IncidentsEndToEndTest {
    static final String ACCOUNTS = "/admin/v1/accounts";
    static final String INCIDENTS = "/admin/v1/incidents";
    static final String REPORT = "/admin/v1/reports/gtr";
    /** Friday 15 May 2026, 11:00 in Paris. */
    static final Instant MAY_15 = Instant.parse("2026-05-15T09:00:00Z");
    /** Monday 7 December 2026, 11:00 in Paris. */
    static final Instant DEC_7 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir Path dir;
    Vertx vertx;
    MutableClock clock;
    CallguardApp app;
    WebClient http;

    /** The store's settings (environment variables). */
    abstract Map<String, String> storeSettings(Path dir);

    /** Why the store cannot be used here (the tests skip, or fail under CI=true), null when it can. */
    abstract String unavailable();

    void dropStore() throws Exception { }

    @BeforeEach
    void start() {
        if (unavailable() != null) {
            if ("true".equals(System.getenv("CI"))) fail(unavailable() + ": CI=true makes this a failure");
            org.junit.jupiter.api.Assumptions.assumeTrue(false, () -> unavailable() + ": skipping; set CI=true to make this a failure");
        }
        vertx = Vertx.vertx();
        clock = new MutableClock(MAY_15);
        app = startApp(Map.of());
    }

    CallguardApp startApp(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(storeSettings(dir));
        env.put("CALLGUARD_ADMIN_MAX_BODY_BYTES", "65536");
        env.putAll(extra);
        CallguardApp started = TestApps.start(TestApps.config(dir, env), clock);
        if (http != null) http.close();
        http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(started.adminPort()));
        return started;
    }

    @AfterEach
    void stop() throws Exception {
        if (http != null) http.close();
        if (app != null) await(app.stop());
        if (vertx != null) await(vertx.close());
        if (unavailable() == null) dropStore();
    }

    HttpResponse<Buffer> send(HttpMethod method, String path, Object body, int expected) {
        HttpRequest<Buffer> request = http.request(method, path).bearerTokenAuthentication(TestApps.TOKEN)
                .putHeader("X-Callguard-Actor", "José (back office)");
        HttpResponse<Buffer> r;
        if (body == null) r = await(request.send());
        else if (body instanceof JsonObject json) r = await(request.sendJsonObject(json));
        else r = await(request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.toString())));
        assertThat(r.statusCode()).as(method + " " + path + " " + r.bodyAsString()).isEqualTo(expected);
        return r;
    }

    JsonObject get(String path) { return send(HttpMethod.GET, path, null, 200).bodyAsJsonObject(); }

    /** The fields a problem names. */
    static List<String> fields(HttpResponse<Buffer> r) {
        assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
        List<String> out = new ArrayList<>();
        JsonArray errors = r.bodyAsJsonObject().getJsonArray("errors");
        if (errors != null) errors.forEach(e -> out.add(((JsonObject) e).getString("field")));
        return out;
    }

    static JsonObject ticket(String service, String openedAt, String restoredAt) {
        JsonObject t = new JsonObject().put("accountId", "acme").put("service", service).put("openedAt", openedAt);
        if (restoredAt != null) t.put("restoredAt", restoredAt);
        return t;
    }

    JsonObject open(JsonObject body) {
        HttpResponse<Buffer> r = send(HttpMethod.POST, INCIDENTS, body, 201);
        JsonObject created = r.bodyAsJsonObject();
        assertThat(r.getHeader("Location")).isEqualTo(INCIDENTS + "/" + created.getString("id"));
        return created;
    }

    @Test
    void theBusinessClockThePenaltiesAndTheYearsCapOverHttp() {
        // the account's monthly subscription, through the accounts API and the store
        send(HttpMethod.POST, ACCOUNTS, new JsonObject().put("id", "acme").put("name", "Acme SARL")
                .put("monthlySubscriptionCents", 50_000), 201);
        assertThat(get(ACCOUNTS + "/acme").getLong("monthlySubscriptionCents")).isEqualTo(50_000);
        send(HttpMethod.POST, ACCOUNTS, new JsonObject().put("id", "globex").put("name", "Globex"), 201);
        assertThat(get(ACCOUNTS + "/globex").containsKey("monthlySubscriptionCents")).as("not set").isFalse();

        // Friday 6 March 2026 17:00 → Monday 9 March 11:00 (Paris): 3 business hours, within the GTR
        JsonObject weekend = open(ticket("acme-t0", "2026-03-06T16:00:00Z", "2026-03-09T10:00:00Z")
                .put("notes", "ligne coupée\nrétablie par le NOC"));
        assertThat(weekend.getLong("businessMinutes")).isEqualTo(180);
        assertThat(weekend.getInteger("penaltyPercent")).isZero();
        assertThat(weekend.getString("status")).isEqualTo("RESTORED");
        assertThat(weekend.getString("createdBy")).isEqualTo("José (back office)");
        assertThat(weekend.getString("notes")).isEqualTo("ligne coupée\nrétablie par le NOC");

        // Thursday 14 May 2026 (Ascension) 10:00, still open on Friday 11:00: 2 business hours so far, no penalty yet
        JsonObject ascension = open(ticket("acme-t0", "2026-05-14T10:00:00+02:00", null));
        String id = ascension.getString("id");
        assertThat(ascension.getString("status")).isEqualTo("OPEN");
        assertThat(ascension.getValue("restoredAt")).isNull();
        assertThat(ascension.getLong("businessMinutes")).isEqualTo(120);
        assertThat(ascension.getValue("penaltyPercent")).isNull();
        // restored Friday 16:00: 7 business hours, over 6 h 30 → 20 %
        clock.set(DEC_7);
        JsonObject restored = send(HttpMethod.PUT, INCIDENTS + "/" + id,
                new JsonObject().put("restoredAt", "2026-05-15T16:00:00+02:00"), 200).bodyAsJsonObject();
        assertThat(restored.getLong("businessMinutes")).isEqualTo(420);
        assertThat(restored.getInteger("penaltyPercent")).isEqualTo(20);
        assertThat(restored.getString("service")).as("kept").isEqualTo("acme-t0");
        assertThat(get(INCIDENTS + "/" + id)).isEqualTo(restored);

        // the rest of the year: 100 %, 30 %, one still open; one restored on 2 January counts in 2026, one of 2025 not
        open(ticket("acme-t0", "2026-09-07T07:00:00Z", "2026-09-08T10:00:00Z"));   // 9 h + 3 h: 100 %
        open(ticket("SIP trunk", "2026-11-02T08:00:00Z", "2026-11-02T17:00:00Z")); // 9 h: 30 %
        JsonObject openNow = open(ticket("acme-t0", "2026-12-07T08:00:00Z", null));  // 2 h so far
        JsonObject newYear = open(ticket("acme-t0", "2025-12-31T16:00:00Z", "2026-01-02T09:00:00Z")); // 1 h + 1 h
        open(ticket("acme-t0", "2025-06-02T07:00:00Z", "2025-06-02T14:00:00Z"));   // 2025: 7 h, 20 %
        open(new JsonObject().put("accountId", "globex").put("service", "fibre").put("openedAt", "2026-06-01T07:00:00Z")
                .put("restoredAt", "2026-06-01T15:00:00Z"));                       // 8 h: 20 % but no subscription

        JsonObject report = get(REPORT + "?year=2026&account=acme");
        assertThat(report.getInteger("year")).isEqualTo(2026);
        assertThat(report.getString("timeZone")).isEqualTo("Europe/Paris");
        assertThat(report.getBoolean("alsaceMoselle")).isFalse();
        JsonArray accounts = report.getJsonArray("accounts");
        assertThat(accounts).hasSize(1);
        JsonObject acme = accounts.getJsonObject(0);
        assertThat(acme.getString("accountId")).isEqualTo("acme");
        assertThat(acme.getLong("monthlySubscriptionCents")).isEqualTo(50_000);
        JsonArray lines = acme.getJsonArray("incidents");
        List<Object> minutes = new ArrayList<>();
        List<Object> percents = new ArrayList<>();
        List<Object> penalties = new ArrayList<>();
        List<Object> due = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            minutes.add(lines.getJsonObject(i).getValue("businessMinutes"));
            percents.add(lines.getJsonObject(i).getValue("penaltyPercent"));
            penalties.add(lines.getJsonObject(i).getValue("penaltyCents"));
            due.add(lines.getJsonObject(i).getValue("dueCents"));
        }
        // by restoration: 2 Jan, 9 Mar, 15 May, 8 Sep, 2 Nov, then the open one
        assertThat(lines.getJsonObject(0).getString("id")).isEqualTo(newYear.getString("id"));
        assertThat(minutes).containsExactly(120, 180, 420, 720, 540, 120);
        assertThat(percents).containsExactly(0, 0, 20, 100, 30, null);
        assertThat(penalties).containsExactly(0, 0, 10_000, 50_000, 15_000, null);
        assertThat(due).containsExactly(0, 0, 10_000, 40_000, 0, null);
        assertThat(lines.getJsonObject(5).getString("id")).isEqualTo(openNow.getString("id"));
        assertThat(lines.getJsonObject(5).getString("status")).isEqualTo("OPEN");
        assertThat(acme.getLong("penaltyCents")).isEqualTo(75_000);
        assertThat(acme.getLong("capCents")).isEqualTo(50_000);
        assertThat(acme.getBoolean("capped")).isTrue();
        assertThat(acme.getLong("totalPenaltyCents")).as("one monthly subscription a year at most").isEqualTo(50_000);

        JsonObject y2025 = get(REPORT + "?year=2025&account=acme").getJsonArray("accounts").getJsonObject(0);
        assertThat(y2025.getJsonArray("incidents")).as("the June one; the one open since today was opened after 2025")
                .hasSize(1);
        assertThat(y2025.getLong("totalPenaltyCents")).isEqualTo(10_000);

        // every account with a ticket in the year; globex has no subscription: percents without amounts
        JsonArray all = get(REPORT + "?year=2026").getJsonArray("accounts");
        assertThat(all).extracting(a -> ((JsonObject) a).getString("accountId")).containsExactly("acme", "globex");
        JsonObject globex = all.getJsonObject(1);
        assertThat(globex.getJsonArray("incidents").getJsonObject(0).getInteger("penaltyPercent")).isEqualTo(20);
        assertThat(globex.getValue("totalPenaltyCents")).isNull();
        assertThat(get(REPORT + "?year=2024&account=acme").getJsonArray("accounts").getJsonObject(0)
                .getJsonArray("incidents")).as("an account asked for is listed even without tickets").isEmpty();

        // the same as CSV
        HttpResponse<Buffer> csv = send(HttpMethod.GET, REPORT + "?year=2026&account=acme&format=csv", null, 200);
        assertThat(csv.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
        assertThat(csv.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"gtr-2026.csv\"");
        String[] rows = csv.bodyAsString().split("\r\n");
        assertThat(rows[0]).isEqualTo("accountId,incidentId,service,openedAt,restoredAt,businessMinutes,penaltyPercent,"
                + "penaltyCents,dueCents,notes");
        assertThat(rows).hasSize(7);
        assertThat(rows[3]).isEqualTo("acme," + id + ",acme-t0,2026-05-14T08:00:00Z,2026-05-15T14:00:00Z,420,20,10000,10000,");
        assertThat(rows[6]).isEqualTo("acme," + openNow.getString("id") + ",acme-t0,2026-12-07T08:00:00Z,,120,,,,");
        assertThat(csv.bodyAsString()).contains(",\"ligne coupée\nrétablie par le NOC\"\r\n");

        // the writes are audited
        JsonArray audit = send(HttpMethod.GET, "/admin/v1/audit?target=incident:" + id, null, 200).bodyAsJsonArray();
        assertThat(audit).extracting(e -> ((JsonObject) e).getString("action")).containsExactly("incident.update", "incident.create");
        assertThat(audit.getJsonObject(0).getString("actor")).isEqualTo("José (back office)");
        assertThat(audit.getJsonObject(0).getJsonObject("before").getValue("restoredAt")).isNull();
        assertThat(audit.getJsonObject(0).getJsonObject("after").getString("restoredAt")).isEqualTo("2026-05-15T14:00:00Z");

        // a restart on the same store: everything read back as it was
        JsonObject before = get(REPORT + "?year=2026");
        JsonArray listed = send(HttpMethod.GET, INCIDENTS + "?account=acme", null, 200).bodyAsJsonArray();
        assertThat(listed).hasSize(7);
        await(app.stop());
        app = startApp(Map.of());
        assertThat(get(REPORT + "?year=2026")).isEqualTo(before);
        assertThat(send(HttpMethod.GET, INCIDENTS + "?account=acme", null, 200).bodyAsJsonArray()).isEqualTo(listed);
        assertThat(get(ACCOUNTS + "/acme").getLong("monthlySubscriptionCents")).isEqualTo(50_000);

        // a ticket recorded by mistake is deleted, audited
        send(HttpMethod.DELETE, INCIDENTS + "/" + openNow.getString("id"), null, 204);
        send(HttpMethod.GET, INCIDENTS + "/" + openNow.getString("id"), null, 404);
        assertThat(send(HttpMethod.GET, "/admin/v1/audit?target=incident:" + openNow.getString("id"), null, 200)
                .bodyAsJsonArray().getJsonObject(0).getString("action")).isEqualTo("incident.delete");
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() {
        send(HttpMethod.POST, ACCOUNTS, new JsonObject().put("id", "acme").put("name", "Acme SARL")
                .put("monthlySubscriptionCents", 50_000), 201);
        assertThat(fields(send(HttpMethod.PUT, ACCOUNTS + "/acme", new JsonObject().put("name", "Acme")
                .put("monthlySubscriptionCents", -1), 400))).containsExactly("monthlySubscriptionCents");
        assertThat(fields(send(HttpMethod.PUT, ACCOUNTS + "/acme", new JsonObject().put("name", "Acme")
                .put("monthlySubscriptionCents", "500"), 400))).containsExactly("monthlySubscriptionCents");
        JsonObject existing = open(ticket("acme-t0", "2026-05-14T08:00:00Z", null));
        String one = INCIDENTS + "/" + existing.getString("id");
        String before = send(HttpMethod.GET, INCIDENTS + "?account=acme", null, 200).bodyAsString()
                + get(ACCOUNTS + "/acme").encode();

        HttpResponse<Buffer> malformed = send(HttpMethod.POST, INCIDENTS, "{\"accountId\": ", 400);
        assertThat(malformed.bodyAsJsonObject().getString("type")).isEqualTo("urn:callguard:problem:malformed-json");
        assertThat(fields(send(HttpMethod.POST, INCIDENTS, ticket("t", "2026-05-14T08:00:00Z", null)
                .put("accountId", "ghost"), 404))).containsExactly("accountId");
        assertThat(fields(send(HttpMethod.POST, INCIDENTS, ticket("t", "2026-05-14T08:00:00Z", "2026-05-14T07:59:59Z"),
                400))).containsExactly("restoredAt");
        assertThat(fields(send(HttpMethod.POST, INCIDENTS, new JsonObject().put("accountId", "acme"), 400)))
                .containsExactlyInAnyOrder("service", "openedAt");
        assertThat(fields(send(HttpMethod.POST, INCIDENTS, ticket(" ", "yesterday", null).put("severity", 1), 400)))
                .containsExactlyInAnyOrder("service", "openedAt", "severity");
        assertThat(fields(send(HttpMethod.POST, INCIDENTS, ticket("t", MAY_15.plusSeconds(3600).toString(), null), 400)))
                .as("in the future").containsExactly("openedAt");
        assertThat(fields(send(HttpMethod.PUT, one, new JsonObject().put("restoredAt", "2026-05-13T08:00:00Z"), 400)))
                .containsExactly("restoredAt");
        assertThat(fields(send(HttpMethod.PUT, one, new JsonObject().put("accountId", "globex"), 400)))
                .containsExactly("accountId");
        assertThat(fields(send(HttpMethod.PUT, one, new JsonObject().putNull("openedAt"), 400))).containsExactly("openedAt");
        send(HttpMethod.PUT, INCIDENTS + "/0000000000AAAAAAAA", new JsonObject().put("restoredAt", "2026-05-15T08:00:00Z"), 404);
        send(HttpMethod.GET, INCIDENTS + "/0000000000AAAAAAAA", null, 404);
        send(HttpMethod.GET, INCIDENTS + "/not-an-id", null, 404);
        send(HttpMethod.DELETE, INCIDENTS + "/0000000000AAAAAAAA", null, 404);
        assertThat(fields(send(HttpMethod.GET, INCIDENTS, null, 400))).containsExactly("account");
        assertThat(fields(send(HttpMethod.GET, INCIDENTS + "?account=ghost", null, 404))).containsExactly("account");

        for (String year : new String[] {"abc", "20266", "1969", "", "2026.5"}) {
            assertThat(fields(send(HttpMethod.GET, REPORT + "?year=" + year, null, 400))).as(year).containsExactly("year");
        }
        assertThat(fields(send(HttpMethod.GET, REPORT + "?year=2026&account=ghost", null, 404))).containsExactly("account");
        assertThat(fields(send(HttpMethod.GET, REPORT + "?year=2026&format=xml", null, 400))).containsExactly("format");
        assertThat(get(REPORT).getInteger("year")).as("the current year by default").isEqualTo(2026);

        assertThat(send(HttpMethod.GET, INCIDENTS + "?account=acme", null, 200).bodyAsString()
                + get(ACCOUNTS + "/acme").encode()).as("nothing changed").isEqualTo(before);
        assertThat(send(HttpMethod.GET, "/admin/v1/audit?target=incident:" + existing.getString("id"), null, 200)
                .bodyAsJsonArray()).extracting(e -> ((JsonObject) e).getString("action")).containsExactly("incident.create");
    }
}
