package io.callguard.server.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /admin/v1/ops/summary} on the whole app (every module started, emulated Asterisk): the sections the rule
 * modules offer (call caps' trunks, suspensions, the CTI's SMS queue) and the refused calls heard from the decision
 * engine, after real calls over FastAGI and AMI. The browser test ({@link OpsPageBrowserTest}) shows the same on the
 * page; this one runs without a browser.
 */
class OpsSummaryEndToEndTest extends CapsEndToEndFixture {
    private JsonObject summary() { return send("GET", "/admin/v1/ops/summary", null, 200).bodyAsJsonObject(); }

    @Test
    void theSummaryFollowsTheCallsTheCapsTheSuspensionsAndTheRefusals() {
        JsonObject empty = summary();
        assertThat(empty.fieldNames()).contains("generatedAt", "status", "calls", "trunks", "suspensions", "sms", "denials");
        assertThat(empty.getJsonObject("status")).isEqualTo(new JsonObject().put("ami", "UP").put("store", "UP"));
        assertThat(empty.getJsonObject("trunks")).isEqualTo(new JsonObject().put("total", 1).put("full", 0)
                .put("items", new JsonArray().add(new JsonObject().put("trunkId", TRUNK).put("accountId", "acme")
                        .put("kind", "T0_IP").put("cap", 2).put("inUse", 0))));
        assertThat(empty.getJsonObject("sms")).isEqualTo(new JsonObject().put("enabled", true).put("queued", 0)
                .put("sending", 0));
        assertThat(empty.getJsonObject("suspensions")).isEqualTo(new JsonObject().put("active", 0).put("scheduled", 0)
                .put("items", new JsonArray()));

        Call a = call(outbound(MOBILE));
        Call b = call(inbound());
        assertThat(a.verdict()).isEqualTo("ALLOW");
        assertThat(b.verdict()).isEqualTo("ALLOW");
        Call refused = call(outbound("0140000000"));
        assertThat(refused.reason()).isEqualTo("TRUNK_FULL");
        hangup(refused, 34);
        JsonObject full = summary();
        assertThat(full.getJsonObject("trunks").getInteger("full")).isEqualTo(1);
        assertThat(full.getJsonObject("trunks").getJsonArray("items").getJsonObject(0).getInteger("inUse")).isEqualTo(2);
        // the outbound call, the carrier's inbound leg and its leg on the client's trunk
        assertThat(full.getJsonObject("calls").getInteger("total")).isEqualTo(3);
        JsonObject denials = full.getJsonObject("denials");
        assertThat(denials.getJsonArray("byReason")).isEqualTo(new JsonArray()
                .add(new JsonObject().put("reason", "TRUNK_FULL").put("count", 1)));
        assertThat(denials.getJsonArray("latest").getJsonObject(0)).isEqualTo(new JsonObject()
                .put("at", clock.instant().toString()).put("reason", "TRUNK_FULL").put("accountId", "acme")
                .put("trunkId", TRUNK).put("direction", "OUTBOUND"));

        String later = clock.instant().plus(Duration.ofDays(8)).toString();
        send("POST", "/admin/v1/accounts/acme/suspensions", new JsonObject().put("reason", "NON_PAYMENT")
                .put("startsAt", later), 201);
        send("POST", "/admin/v1/accounts/acme/suspensions", new JsonObject().put("reason", "OTHER")
                .put("note", "fraud check").put("trunkId", TRUNK), 201);
        JsonObject suspensions = summary().getJsonObject("suspensions");
        assertThat(suspensions.getInteger("active")).isEqualTo(1);
        assertThat(suspensions.getInteger("scheduled")).isEqualTo(1);
        JsonObject active = suspensions.getJsonArray("items").getJsonObject(0);
        assertThat(active.fieldNames()).containsExactly("id", "accountId", "trunkId", "reason", "article", "note", "status",
                "startsAt", "createdBy", "hangUpLiveCalls");
        assertThat(active.getString("status")).isEqualTo("ACTIVE");
        assertThat(active.getString("reason")).isEqualTo("OTHER");
        assertThat(active.getString("article")).isEqualTo("CGV 12.1");
        assertThat(active.getString("note")).isEqualTo("fraud check");
        JsonObject scheduled = suspensions.getJsonArray("items").getJsonObject(1);
        assertThat(scheduled.getString("status")).isEqualTo("SCHEDULED");
        assertThat(scheduled.getString("article")).isEqualTo("CGV 8.4");
        assertThat(scheduled.getString("startsAt")).isEqualTo(later);

        hangup(a, 16);
        hangup(b, 16);
        until("the bar comes down", () -> summary().getJsonObject("trunks").getJsonArray("items").getJsonObject(0)
                .getInteger("inUse") == 0);
        assertThat(summary().getJsonObject("calls").getInteger("total")).isZero();
    }
}
