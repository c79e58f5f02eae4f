package io.callguard.server.e2e;

import io.callguard.core.policy.Direction;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.credit.rating.RatedCallListener;
import io.callguard.server.TestApps;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credit threshold (R3, CGV 8.2) end to end: a whole callguard with the {@code credit} policy enabled, the
 * emulated Asterisk's calls decided over FastAGI, the admin API over HTTP, callguard on a
 * {@link io.callguard.core.time.MutableClock}. The rated call is handed to the credit module's
 * {@link RatedCallListener}, as the rater tells it when a call's record is built, so that each test sets the amount it
 * needs; {@link CreditRatedCallsEndToEndTest} runs the same crossing with real calls rated by a real plan.
 */
class CreditThresholdEndToEndTest extends CapsEndToEndFixture {
    private static final String ACME = "/admin/v1/accounts/acme";

    @Override
    Map<String, String> settings() {
        return Map.of("CALLGUARD_POLICIES", "emergency,suspension,calls-per-second,channel-cap,credit,tariff-announcement,default");
    }

    private JsonObject balance() { return send("GET", ACME + "/balance", null, 200).bodyAsJsonObject(); }

    private JsonArray suspensions() { return send("GET", ACME + "/suspensions", null, 200).bodyAsJsonArray(); }

    private List<JsonObject> suspensionsOf(String reason) {
        return suspensions().stream().map(o -> (JsonObject) o).filter(s -> reason.equals(s.getString("reason"))).toList();
    }

    /** A 95 s answered call of acme to a mobile, ended now, rated {@code cents} (0.15 €/min after 30 s: 23.75). */
    private void ratedCall(String cents) {
        Instant end = clock.instant();
        String id = asterisk.nextUniqueId();
        CallRecord r = new CallRecord(id, id, "acme", TRUNK, Direction.OUTBOUND, DID, MOBILE, MOBILE,
                NumberCategory.MOBILE, "", "ALLOW", "", end.minusSeconds(100), end.minusSeconds(95), end, 95,
                Disposition.ANSWERED, 16, "ast1", false);
        app.moduleService(RatedCallListener.class).rated(r, new CallRating("plan-a", 1, "mobile", 95, new BigDecimal(cents)));
    }

    @Test
    void aRatedCallOverTheThresholdSuspendsWithinASecondAndAPaymentLiftsOnlyThatSuspension() throws Exception {
        send("PUT", ACME, new JsonObject().put("name", "Acme SARL").put("creditThresholdCents", 1000)
                .put("tariffPlan", "plan-a"), 200);
        JsonObject report = send("PUT", ACME + "/billing", new JsonObject().put("unpaidCents", 990)
                .put("asOf", TestApps.T0.minus(Duration.ofHours(9)).toString()), 200).bodyAsJsonObject();
        assertThat(report.getJsonObject("balance").getLong("outstandingCents")).isEqualTo(990);
        assertThat(verdictOf(MOBILE)).isEqualTo("ALLOW");

        ratedCall("23.75");
        TestApps.until(vertx, "acme suspended CREDIT_THRESHOLD", Duration.ofSeconds(1),
                () -> !suspensionsOf("CREDIT_THRESHOLD").isEmpty());
        JsonObject auto = suspensionsOf("CREDIT_THRESHOLD").get(0);
        assertThat(auto.getString("status")).isEqualTo("ACTIVE");
        assertThat(auto.getString("createdBy")).isEqualTo("system");
        assertThat(auto.getString("article")).isEqualTo("CGV 8.2");
        assertThat(verdictOf(MOBILE)).isEqualTo("DENY LINE_SUSPENDED");
        assertThat(verdictOf("112")).isEqualTo("ALLOW EMERGENCY");
        Call received = call(inbound());
        assertThat(received.verdict()).as("inbound still works").isEqualTo("ALLOW");
        hangup(received, 16);
        assertThat(balance().getLong("availableCents")).isEqualTo(1000 - 1014);

        send("POST", ACME + "/suspensions", new JsonObject().put("reason", "NON_PAYMENT"), 201);
        JsonObject paid = send("POST", ACME + "/payments", new JsonObject().put("amountCents", 500), 201).bodyAsJsonObject();
        assertThat(paid.getLong("amountCents")).isEqualTo(500);
        assertThat(paid.getJsonObject("balance").getLong("outstandingCents")).isEqualTo(514);

        JsonObject lifted = suspensionsOf("CREDIT_THRESHOLD").get(0);
        assertThat(lifted.getString("status")).isEqualTo("LIFTED");
        assertThat(lifted.getString("endedBy")).isEqualTo("system");
        assertThat(suspensionsOf("NON_PAYMENT").get(0).getString("status")).as("set meanwhile, still active")
                .isEqualTo("ACTIVE");
        assertThat(verdictOf(MOBILE)).as("NON_PAYMENT still refuses").isEqualTo("DENY LINE_SUSPENDED");
        assertThat(balance().getMap()).containsEntry("outstandingCents", 514).containsEntry("thresholdCents", 1000)
                .containsEntry("availableCents", 486).containsEntry("asOf", "2025-01-06T00:00:00Z");
    }

    @Test
    void theDefaultThresholdComesFromTheChannelsAndRaisingItLiftsTheSuspension() {
        assertThat(balance().getLong("thresholdCents")).as("5000 + 2500 × 2 channels of the T0 trunk").isEqualTo(10_000);
        send("PUT", ACME + "/billing", new JsonObject().put("unpaidCents", 10_000).put("asOf", TestApps.T0.toString()), 200);
        assertThat(suspensionsOf("CREDIT_THRESHOLD")).hasSize(1);
        assertThat(verdictOf(MOBILE)).isEqualTo("DENY LINE_SUSPENDED");

        send("PUT", ACME, new JsonObject().put("name", "Acme SARL").put("creditThresholdCents", 20_000), 200);
        TestApps.until(vertx, "the raised threshold lifts it", Duration.ofSeconds(3),
                () -> "LIFTED".equals(suspensionsOf("CREDIT_THRESHOLD").get(0).getString("status")));
        assertThat(verdictOf(MOBILE)).isEqualTo("ALLOW");
        JsonObject account = send("GET", ACME, null, 200).bodyAsJsonObject();
        assertThat(account.getLong("creditThresholdCents")).isEqualTo(20_000);
    }

    @Test
    void reportsPaymentsAndTheAutomaticSuspensionSurviveARestartAndADeletedAccountTakesThemAlong() throws Exception {
        send("PUT", ACME, new JsonObject().put("name", "Acme SARL").put("creditThresholdCents", 1000), 200);
        send("PUT", ACME + "/billing", new JsonObject().put("unpaidCents", 1100).put("asOf", TestApps.T0.toString()), 200);
        send("POST", ACME + "/payments", new JsonObject().put("amountCents", 50), 201);
        assertThat(suspensionsOf("CREDIT_THRESHOLD")).hasSize(1);
        JsonObject before = balance();
        assertThat(before.getLong("outstandingCents")).isEqualTo(1050);

        stopCallguard();
        startCallguard();
        assertThat(balance()).as("loaded from the store").isEqualTo(before);
        assertThat(verdictOf(MOBILE)).isEqualTo("DENY LINE_SUSPENDED");
        assertThat(suspensionsOf("CREDIT_THRESHOLD")).as("not suspended twice after the restart").hasSize(1);
        send("POST", ACME + "/payments", new JsonObject().put("amountCents", 100), 201);
        assertThat(suspensionsOf("CREDIT_THRESHOLD").get(0).getString("status")).isEqualTo("LIFTED");
        assertThat(verdictOf(MOBILE)).isEqualTo("ALLOW");

        send("DELETE", ACME, null, 204);
        send("GET", ACME + "/balance", null, 404);
        send("POST", "/admin/v1/accounts", new JsonObject().put("id", "acme").put("name", "Acme again"), 201);
        assertThat(balance().getLong("outstandingCents")).as("a new account with the same id starts afresh").isZero();
        List<String> actions = send("GET", "/admin/v1/audit?target=account:acme&limit=100", null, 200).bodyAsJsonArray()
                .stream().map(o -> ((JsonObject) o).getString("action")).toList();
        assertThat(actions).contains("credit.billing", "credit.payment");
    }

    @Test
    void badInputIsRefusedWithAClearProblemAndChangesNothing() {
        send("PUT", ACME + "/billing", new JsonObject().put("unpaidCents", 100).put("asOf", TestApps.T0.toString()), 200);
        JsonObject before = balance();
        int auditBefore = send("GET", "/admin/v1/audit?limit=1000", null, 200).bodyAsJsonArray().size();

        for (JsonObject body : List.of(new JsonObject().put("unpaidCents", -1).put("asOf", TestApps.T0.toString()),
                new JsonObject().put("unpaidCents", 100), new JsonObject().put("unpaidCents", "100").put("asOf", "x"),
                new JsonObject().put("unpaidCents", 1).put("asOf", TestApps.T0.toString()).put("paid", true))) {
            String detail = send("PUT", ACME + "/billing", body, 400).bodyAsString();
            assertThat(detail).as(body.encode()).containsAnyOf("unpaidCents", "asOf", "paid");
        }
        for (Object amount : List.of(-500, 0, "500", 1.5)) {
            String detail = send("POST", ACME + "/payments", new JsonObject().put("amountCents", amount), 400).bodyAsString();
            assertThat(detail).contains("amountCents");
        }
        HttpResponse<Buffer> notJson = await(http.put(ACME + "/billing").bearerTokenAuthentication(TestApps.TOKEN)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"unpaidCents\": 1,")));
        assertThat(notJson.statusCode()).isEqualTo(400);
        send("PUT", "/admin/v1/accounts/nobody/billing", new JsonObject().put("unpaidCents", 1)
                .put("asOf", TestApps.T0.toString()), 404);
        send("POST", "/admin/v1/accounts/nobody/payments", new JsonObject().put("amountCents", 1), 404);
        send("GET", "/admin/v1/accounts/nobody/balance", null, 404);
        send("PUT", ACME, new JsonObject().put("name", "Acme SARL").put("creditThresholdCents", -1), 400);
        send("PUT", ACME, new JsonObject().put("name", "Acme SARL").put("tariffPlan", "no spaces"), 400);

        assertThat(balance()).isEqualTo(before);
        assertThat(send("GET", "/admin/v1/audit?limit=1000", null, 200).bodyAsJsonArray()).hasSize(auditBefore);
    }
}
