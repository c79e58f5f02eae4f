package io.callguard.server.e2e;

import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.Direction;
import io.callguard.core.rating.CallRater;
import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
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

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tariff plans end to end: a whole callguard (H2 store, default modules) written and read over real HTTP — a JSON
 * plan, a CSV import as its next version, the old version still readable, bad JSON and bad CSV refused with 400 naming
 * the field or the line and nothing changed, the writes audited — and the plan rating calls in the running app
 * ({@code credit.defaultPlan}), before and after a restart on the same store.
 */
class TariffPlansEndToEndTest {
    private static final String PLANS = "/admin/v1/tariff-plans";
    private static final JsonObject PRO = new JsonObject()
            .put("name", "Pro 2026").put("firstIncrementSeconds", 30).put("nextIncrementSeconds", 1)
            .put("rates", new JsonArray()
                    .add(new JsonObject().put("id", "mobile").put("destination", "MOBILE").put("perMinuteCents", 15))
                    .add(new JsonObject().put("id", "special-089").put("destination", "SPECIAL_SURCHARGED")
                            .put("prefix", "089").put("perMinuteCents", 2).put("serviceChargePerMinuteCents", 80))
                    .add(new JsonObject().put("id", "intl-44").put("destination", "INTERNATIONAL").put("prefix", "+44")
                            .put("perMinuteCents", "4.5")));
    private static final String CSV = """
            id,destination,prefix,perMinuteCents,serviceChargePerMinuteCents,firstIncrementSeconds,nextIncrementSeconds
            mobile,MOBILE,,12,,30,1
            special-089,SPECIAL_SURCHARGED,089,2,80,,
            fixed,GEOGRAPHIC,,1,,,
            """;

    @TempDir Path dir;
    Vertx vertx;
    MutableClock clock;
    CallguardApp app;
    WebClient http;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        clock = new MutableClock(TestApps.T0);
        app = startApp();
    }

    private CallguardApp startApp() {
        CallguardApp started = TestApps.start(TestApps.config(dir, Map.of("CALLGUARD_CREDIT_DEFAULT_PLAN", "pro",
                "CALLGUARD_ADMIN_MAX_BODY_BYTES", "65536")), clock);
        if (http != null) http.close();
        http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(started.adminPort()));
        return started;
    }

    @AfterEach
    void stop() {
        if (http != null) http.close();
        if (app != null) await(app.stop());
        if (vertx != null) await(vertx.close());
    }

    private HttpResponse<Buffer> send(HttpMethod method, String path, Object body, String contentType, int expected) {
        HttpRequest<Buffer> request = http.request(method, path).bearerTokenAuthentication(TestApps.TOKEN)
                .putHeader("X-Callguard-Actor", "José (back office)");
        HttpResponse<Buffer> r;
        if (body == null) {
            r = await(request.send());
        } else if (body instanceof JsonObject json && contentType == null) {
            r = await(request.sendJsonObject(json));
        } else {
            r = await(request.putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(body.toString())));
        }
        assertThat(r.statusCode()).as(method + " " + path + " " + r.bodyAsString()).isEqualTo(expected);
        return r;
    }

    private JsonObject get(String path) { return send(HttpMethod.GET, path, null, null, 200).bodyAsJsonObject(); }

    /** The fields a 400 names, with their messages. */
    private static List<String> errors(HttpResponse<Buffer> r) {
        assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
        List<String> out = new ArrayList<>();
        JsonArray errors = r.bodyAsJsonObject().getJsonArray("errors");
        if (errors != null) errors.forEach(e -> out.add(((JsonObject) e).getString("field") + ": "
                + ((JsonObject) e).getString("message")));
        return out;
    }

    private CallRating rate(String dialled, long seconds) {
        ClassifiedNumber n = FrenchNumberingPlan.withDefaults().classify(dialled);
        Instant answered = TestApps.T0.plusSeconds(3);
        CallRecord call = new CallRecord("1733043600.1", "", "acme", "acme-t2", Direction.OUTBOUND, "0140000000",
                dialled, n.normalized(), n.category(), n.tier() == null ? "" : n.tier().prefix(), "ALLOW", "",
                TestApps.T0, answered, answered.plusSeconds(seconds), seconds, Disposition.ANSWERED, 16, "ast1", false);
        return app.moduleService(CallRater.class).rate(call).orElseThrow();
    }

    @Test
    void aJsonPlanThenACsvImportAreItsVersionsReadBackAndRatingTheCalls() {
        HttpResponse<Buffer> created = send(HttpMethod.PUT, PLANS + "/pro", PRO, null, 201);
        assertThat(created.getHeader("Location")).isEqualTo(PLANS + "/pro?version=1");
        JsonObject v1 = created.bodyAsJsonObject();
        assertThat(v1.getInteger("version")).isEqualTo(1);
        assertThat(v1.getString("createdBy")).isEqualTo("José (back office)");
        assertThat(v1.getString("createdAt")).isEqualTo(TestApps.T0.toString());
        JsonObject uk = v1.getJsonArray("rates").getJsonObject(2);
        assertThat(uk.getString("perMinuteCents")).isEqualTo("4.5");
        assertThat(uk.getInteger("firstIncrementSeconds")).as("the plan's default").isEqualTo(30);
        assertThat(get(PLANS + "/pro")).isEqualTo(v1);

        // the figures, by the plan just written over HTTP
        CallRating mobile = rate("0612345678", 95);
        assertThat(mobile.amountCents()).isEqualByComparingTo(new BigDecimal("23.75"));
        assertThat(mobile.planVersion()).isEqualTo(1);
        assertThat(rate("0899123456", 60).amountCents()).isEqualByComparingTo(new BigDecimal("82"));
        assertThat(rate("112", 300).amountCents()).isEqualByComparingTo(BigDecimal.ZERO);

        clock.advance(Duration.ofMinutes(10));
        HttpResponse<Buffer> imported = send(HttpMethod.POST, PLANS + "/pro/csv?name=Pro%202027", CSV,
                "text/csv; charset=utf-8", 201);
        assertThat(imported.getHeader("Location")).isEqualTo(PLANS + "/pro?version=2");
        JsonObject v2 = imported.bodyAsJsonObject();
        assertThat(v2.getInteger("version")).isEqualTo(2);
        assertThat(v2.getString("name")).isEqualTo("Pro 2027");
        assertThat(v2.getJsonArray("rates")).hasSize(3);
        assertThat(get(PLANS + "/pro")).isEqualTo(v2);
        assertThat(get(PLANS + "/pro?version=1")).as("a version never changes").isEqualTo(v1);
        assertThat(rate("0612345678", 95).amountCents()).isEqualByComparingTo(new BigDecimal("19"));
        assertThat(rate("0612345678", 95).planVersion()).isEqualTo(2);

        JsonArray list = send(HttpMethod.GET, PLANS, null, null, 200).bodyAsJsonArray();
        assertThat(list).hasSize(1);
        assertThat(list.getJsonObject(0).getInteger("version")).isEqualTo(2);
        assertThat(list.getJsonObject(0).getInteger("rateCount")).isEqualTo(3);

        JsonArray audit = send(HttpMethod.GET, "/admin/v1/audit?target=tariff-plan:pro", null, null, 200).bodyAsJsonArray();
        assertThat(audit).hasSize(2);
        JsonObject last = audit.getJsonObject(0);
        assertThat(last.getString("action")).isEqualTo("tariff-plan.version");
        assertThat(last.getString("actor")).isEqualTo("José (back office)");
        assertThat(last.getJsonObject("before").getInteger("version")).isEqualTo(1);
        assertThat(last.getJsonObject("after")).isEqualTo(v2);

        // a restart on the same store: the version in force and the old ones are read back as they were
        await(app.stop());
        app = startApp();
        assertThat(get(PLANS + "/pro")).isEqualTo(v2);
        assertThat(get(PLANS + "/pro?version=1")).isEqualTo(v1);
        assertThat(rate("0612345678", 95).amountCents()).isEqualByComparingTo(new BigDecimal("19"));
    }

    @Test
    void badJsonAndBadCsvAre400NamingTheFieldOrTheLineAndChangeNothing() {
        JsonObject v1 = send(HttpMethod.PUT, PLANS + "/pro", PRO, null, 201).bodyAsJsonObject();

        JsonObject fraction = PRO.copy();
        fraction.getJsonArray("rates").getJsonObject(0).put("perMinuteCents", 1.5);
        fraction.getJsonArray("rates").getJsonObject(1).put("serviceChargePerMinuteCents", 100);
        assertThat(errors(send(HttpMethod.PUT, PLANS + "/pro", fraction, null, 400))).containsExactly(
                "rates[0].perMinuteCents: must be euro cents, an integer or a decimal string such as \"1.25\" (0 to "
                        + "100000, at most 4 decimals), got 1.5 (a JSON fraction: write it as a string, e.g. \"1.5\")",
                "rates[1].serviceChargePerMinuteCents: at most 80 cents per minute on 089 numbers (ARCEP 2012-0856), got 100");
        JsonObject emergency = new JsonObject().put("rates", new JsonArray().add(new JsonObject().put("id", "e")
                .put("destination", "EMERGENCY").put("perMinuteCents", 10)));
        assertThat(errors(send(HttpMethod.PUT, PLANS + "/pro", emergency, null, 400))).containsExactly(
                "rates[0].destination: emergency numbers are always free (R6): a plan has no line for them");
        HttpResponse<Buffer> malformed = send(HttpMethod.PUT, PLANS + "/pro", "{\"rates\": [", "application/json", 400);
        assertThat(malformed.bodyAsJsonObject().getString("type")).isEqualTo("urn:callguard:problem:malformed-json");
        send(HttpMethod.PUT, PLANS + "/bad%20id", PRO, null, 400);

        String badCsv = """
                id,destination,prefix,perMinuteCents
                mobile,MOBILE,,15
                uk,INTERNATIONAL,44,abc
                """;
        assertThat(errors(send(HttpMethod.POST, PLANS + "/pro/csv", badCsv, "text/csv", 400))).containsExactly(
                "line 3, prefix: '44' is not an international prefix: + and a country code (and more digits), e.g. +44 or +447",
                "line 3, perMinuteCents: must be euro cents, an integer or a decimal string such as \"1.25\" (0 to 100000, "
                        + "at most 4 decimals), got 'abc'");
        assertThat(errors(send(HttpMethod.POST, PLANS + "/pro/csv", "id,destination,price\nm,MOBILE,1\n", "text/csv", 400)))
                .singleElement().asString().startsWith("line 1, price: unknown column");
        HttpResponse<Buffer> notCsv = send(HttpMethod.POST, PLANS + "/pro/csv", CSV, "text/plain", 415);
        assertThat(notCsv.bodyAsJsonObject().getString("detail"))
                .isEqualTo("the body must be CSV sent with Content-Type: text/csv (UTF-8), got Content-Type 'text/plain'");

        assertThat(get(PLANS + "/pro")).as("nothing changed").isEqualTo(v1);
        assertThat(send(HttpMethod.GET, "/admin/v1/audit?target=tariff-plan:pro", null, null, 200).bodyAsJsonArray())
                .hasSize(1);
        assertThat(send(HttpMethod.GET, PLANS + "/nope", null, null, 404).bodyAsJsonObject().getString("detail"))
                .isEqualTo("tariff plan 'nope' not found");
        send(HttpMethod.GET, PLANS + "/pro?version=2", null, null, 404);
        assertThat(errors(send(HttpMethod.GET, PLANS + "/pro?version=zero", null, null, 400)))
                .containsExactly("version: must be a whole number from 1, got 'zero'");
    }
}
