package io.callguard.server.e2e;

import io.callguard.server.TestApps;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.ami.AmiFrame;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Click-to-call against the caps, end to end (real HTTP, the emulated Asterisk's AMI, FastAGI as Asterisk speaks it):
 * the client's line is rung only once its slot is reserved and the account's pace allows it; the reservation is
 * held by the Originate's ChannelId, which is the Uniqueid and Linkedid of the client's leg, so the decision of the
 * dialled leg on that channel counts nothing twice; a dialled leg refused by callguard ends the call {@code failed}
 * with callguard's reason; the client's answer is told apart from the destination's.
 */
class ClickToCallCapsEndToEndTest extends CapsEndToEndFixture {
    private WebClient cti;
    private String key;

    @BeforeEach
    void ctiClientAndKey() {
        cti = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.ctiPort()));
        key = send("POST", "/admin/v1/accounts/acme/api-keys", new JsonObject().put("label", "CRM"), 201)
                .bodyAsJsonObject().getString("secret");
    }

    @AfterEach
    void closeCtiClient() { if (cti != null) cti.close(); }

    private HttpResponse<Buffer> clickToCall(String to) {
        return await(cti.post("/cti/v1/calls").bearerTokenAuthentication(key)
                .sendJsonObject(new JsonObject().put("line", TRUNK).put("to", to)));
    }

    private JsonObject progress(String id) {
        HttpResponse<Buffer> r = await(cti.get("/cti/v1/calls/" + id).bearerTokenAuthentication(key).send());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    private String status(String id) { return progress(id).getString("status"); }

    private List<String> holders() {
        JsonArray reservations = usage().getJsonArray("reservations");
        return reservations.stream().map(o -> ((JsonObject) o).getString("holder")).toList();
    }

    /** The Originate callguard sent for the call {@code id} (its CALLGUARD_CTI_ID variable). */
    private AmiFrame originateOf(String id) {
        return asterisk.actionsReceived("Originate").stream()
                .filter(a -> a.getOrEmpty("Variable").equals("CALLGUARD_CTI_ID=" + id)).findFirst().orElseThrow();
    }

    /**
     * What Asterisk does once the client answers: the client's leg (Uniqueid = Linkedid = the Originate's ChannelId)
     * runs the outbound context, whose AGI asks callguard about the destination on that very channel.
     */
    private Call clientAnswersAndDialledLegIsDecided(AmiFrame originate, String to) {
        String leg = originate.get("ChannelId");
        String channel = nextChannel(TRUNK);
        await(asterisk.addChannel(leg, leg, channel, "acme", DID, to, "Up"));
        return call(agi.run("127.0.0.1", app.fastAgiPort(), AgiEnvironment.outbound(channel, leg, "acme", DID, to))
                .map(r -> new Call(leg, channel, r)));
    }

    @Test
    void onAFullT0TrunkClickToCallIsRefusedWithTheReasonAndAsteriskIsNeverAskedToRing() {
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
        assertThat(call(inbound()).verdict()).isEqualTo("ALLOW");
        assertThat(inUse()).isEqualTo(2);

        HttpResponse<Buffer> refused = clickToCall(MOBILE);
        assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(409);
        assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
        JsonObject problem = refused.bodyAsJsonObject();
        assertThat(problem.getString("reason")).isEqualTo("TRUNK_FULL");
        assertThat(problem.getString("type")).isEqualTo("urn:callguard:problem:trunk-full");
        assertThat(asterisk.actionsReceived("Originate")).as("nothing rang").isEmpty();
        assertThat(inUse()).as("nothing reserved").isEqualTo(2);
    }

    @Test
    void twentySimultaneousClickToCallsOnAnIdleT0TrunkRingExactlyTwoLines() {
        asterisk.holdOriginateResponses(true); // the lines ring: nothing answers during the burst
        List<Future<HttpResponse<Buffer>>> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(cti.post("/cti/v1/calls").bearerTokenAuthentication(key)
                    .sendJsonObject(new JsonObject().put("line", TRUNK).put("to", MOBILE)));
        }
        await(Future.join(burst));
        List<Integer> statuses = burst.stream().map(f -> f.result().statusCode()).toList();
        assertThat(statuses).filteredOn(c -> c == 202).hasSize(2);
        assertThat(statuses).filteredOn(c -> c == 409).hasSize(18);
        assertThat(asterisk.actionsReceived("Originate")).hasSize(2);
        assertThat(inUse()).isEqualTo(2);
    }

    @Test
    void overTheAccountsCallsPerSecondClickToCallIsRefusedWith429AndRetryAfterAndNothingRings() {
        send("PUT", "/admin/v1/accounts/acme", new JsonObject().put("name", "Acme SARL").put("callsPerSecond", 1), 200);
        Call first = call(outbound(MOBILE));
        assertThat(first.verdict()).isEqualTo("ALLOW");

        HttpResponse<Buffer> refused = clickToCall(MOBILE);
        assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.bodyAsJsonObject().getString("reason")).isEqualTo("CPS_EXCEEDED");
        assertThat(asterisk.actionsReceived("Originate")).isEmpty();
        assertThat(inUse()).as("no slot taken by the refused request").isEqualTo(1);
        hangup(first, 16);
        until("the first call's slot is free", () -> inUse() == 0);

        clock.advance(java.time.Duration.ofSeconds(1));
        HttpResponse<Buffer> placed = clickToCall(MOBILE);
        assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(202);
        String id = placed.bodyAsJsonObject().getString("id");
        clock.advance(java.time.Duration.ofMillis(4500)); // the client answers 4.5 s later, within another call's second
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
        Call dialled = clientAnswersAndDialledLegIsDecided(originateOf(id), MOBILE);
        assertThat(dialled.verdict()).as("counted once, when it was requested").isEqualTo("ALLOW");
    }

    @Test
    void aClickToCallHoldsOneSlotFromBeforeTheRingToItsHangupAndItsDialledLegsDecisionCountsNothingTwice() {
        HttpResponse<Buffer> placed = clickToCall(MOBILE);
        assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(202);
        String id = placed.bodyAsJsonObject().getString("id");
        AmiFrame originate = originateOf(id);
        String leg = originate.get("ChannelId");
        assertThat(leg).isNotBlank();
        assertThat(holders()).as("reserved before the client's line rang, held by the leg's future Uniqueid")
                .containsExactly(leg);
        until("the client answered (OriginateResponse Success)", () -> "client-answered".equals(status(id)));

        Call dialled = clientAnswersAndDialledLegIsDecided(originate, MOBILE);
        assertThat(dialled.verdict()).isEqualTo("ALLOW");
        assertThat(holders()).as("the dialled leg's decision found its slot held").containsExactly(leg);
        String callee = asterisk.nextUniqueId();
        await(asterisk.addChannel(callee, leg, nextChannel("carrier"), "", DID, MOBILE, "Ringing"));
        assertThat(status(id)).as("only the client has answered").isEqualTo("client-answered");
        // as Asterisk 22 reports it (outbound-answered capture): the calling channel is the client's leg
        await(asterisk.emit("Event: DialEnd\nPrivilege: call,all\nChannel: " + dialled.channel() + "\nUniqueid: " + leg
                + "\nLinkedid: " + leg + "\nDestChannel: PJSIP/carrier-0000ffff\nDestUniqueid: " + callee
                + "\nDestLinkedid: " + leg + "\nDialStatus: ANSWER\n"));
        until("the destination answered", () -> "answered".equals(status(id)));

        // exact counting: with this call up, the T0 trunk takes exactly one more call
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
        assertThat(call(outbound(MOBILE)).reason()).isEqualTo("TRUNK_FULL");
        assertThat(inUse()).isEqualTo(2);

        await(asterisk.hangup(callee, 16));
        await(asterisk.hangup(leg, 16));
        until("ended, its slot given back", () -> "ended".equals(status(id)) && inUse() == 1);
        assertThat(progress(id).getJsonArray("history").stream().map(o -> ((JsonObject) o).getString("status")))
                .containsSubsequence("requested", "client-answered", "answered", "ended");
    }

    @Test
    void aClickToCallWhoseDialledLegCallguardRefusesEndsFailedWithTheReason() {
        HttpResponse<Buffer> placed = clickToCall(MOBILE);
        assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(202);
        String id = placed.bodyAsJsonObject().getString("id");
        AmiFrame originate = originateOf(id);
        // suspended while the client's line rang
        send("POST", "/admin/v1/accounts/acme/suspensions", new JsonObject().put("reason", "NON_PAYMENT"), 201);

        Call dialled = clientAnswersAndDialledLegIsDecided(originate, MOBILE);
        assertThat(dialled.reason()).isEqualTo("LINE_SUSPENDED");
        // the dialplan plays the prompt and hangs up with callguard's cause
        await(asterisk.hangup(dialled.uniqueId(), 21));
        until("the call is over", () -> inUse() == 0);

        JsonObject call = progress(id);
        assertThat(call.getString("status")).isEqualTo("failed");
        assertThat(call.getString("reason")).isEqualTo("LINE_SUSPENDED");
        JsonArray history = call.getJsonArray("history");
        JsonObject last = history.getJsonObject(history.size() - 1);
        assertThat(last.getString("reason")).isEqualTo("LINE_SUSPENDED");
        assertThat(last.getString("detail")).startsWith("refused by callguard: LINE_SUSPENDED");
        assertThat(history.stream().map(o -> ((JsonObject) o).getString("status")))
                .doesNotContain("answered", "ended");
    }

    @Test
    void whenTheOriginateFailsTheReservedSlotIsGivenBack() {
        // the endpoint does not exist: Asterisk queues the Originate, then reports Failure with no channel
        asterisk.holdOriginateResponses(true).originateOutcome("Failure", 0);
        HttpResponse<Buffer> placed = clickToCall(MOBILE);
        assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(202);
        String id = placed.bodyAsJsonObject().getString("id");
        assertThat(holders()).as("held while the line is tried").containsExactly(originateOf(id).get("ChannelId"));

        await(asterisk.releaseOriginateResponses());
        until("failed", () -> "failed".equals(status(id)));
        until("its slot given back", () -> inUse() == 0);
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
        assertThat(call(outbound(MOBILE)).reason()).isEqualTo("TRUNK_FULL");
    }
}
