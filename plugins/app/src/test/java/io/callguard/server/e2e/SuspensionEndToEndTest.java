package io.callguard.server.e2e;

import io.callguard.server.TestApps;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.ami.AmiFrame;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Suspensions (R3–R6) end to end: the admin API suspends {@code acme}, the emulated Asterisk's calls are decided over
 * FastAGI, live calls are cut through AMI; callguard on a {@link io.callguard.core.time.MutableClock}, its H2 store
 * kept across restarts.
 */
class SuspensionEndToEndTest extends CapsEndToEndFixture {
    private static final String SUSPENSIONS = "/admin/v1/accounts/acme/suspensions";
    private static final List<String> EMERGENCY =
            List.of("15", "17", "18", "112", "114", "115", "119", "116000", "191", "196", "197");

    // ---- helpers ------------------------------------------------------------------------------------------------

    private HttpResponse<Buffer> admin(HttpMethod method, String path, JsonObject body, String actor, int expected) {
        HttpRequest<Buffer> request = http.request(method, path).bearerTokenAuthentication(TestApps.TOKEN);
        if (actor != null) request.putHeader("X-Callguard-Actor", actor);
        HttpResponse<Buffer> r = await(body == null ? request.send() : request.sendJsonObject(body));
        assertThat(r.statusCode()).as(method + " " + path + " " + r.bodyAsString()).isEqualTo(expected);
        return r;
    }

    private JsonObject suspend(JsonObject body, String actor) {
        return admin(HttpMethod.POST, SUSPENSIONS, body, actor, 201).bodyAsJsonObject();
    }

    private JsonObject lift(String id, String actor, int expected) {
        return admin(HttpMethod.DELETE, SUSPENSIONS + "/" + id, null, actor, expected).bodyAsJsonObject();
    }

    private static JsonObject reason(String code) { return new JsonObject().put("reason", code); }

    private String at(Duration fromStart) { return TestApps.T0.plus(fromStart).toString(); }

    private JsonArray audit(String query) {
        return admin(HttpMethod.GET, "/admin/v1/audit" + query, null, null, 200).bodyAsJsonArray();
    }

    private List<String> actionsOf(String target) {
        List<String> out = new ArrayList<>();
        for (Object o : audit("?target=" + target)) out.add(((JsonObject) o).getString("action"));
        return out;
    }

    private void assertSuspended(Call c, String dialled) {
        assertThat(c.verdict()).as(dialled).isEqualTo("DENY");
        assertThat(c.reason()).as(dialled).isEqualTo("LINE_SUSPENDED");
        assertThat(c.result().variable("CALLGUARD_CAUSE")).as(dialled).isEqualTo("21");
        assertThat(c.result().variable("CALLGUARD_PROMPT")).as(dialled).isEqualTo("callguard/line-suspended");
    }

    /** The verdict of an outbound call to a mobile; an allowed call hangs up at once (it holds no trunk slot). */
    private String outboundVerdict() {
        Call c = call(outbound(MOBILE));
        if ("ALLOW".equals(c.verdict())) hangup(c, 16);
        return c.verdict();
    }

    /** An outbound call of another account, on its own trunk. */
    private Future<Call> outboundOf(String account, String trunk, String dialled) {
        String id = asterisk.nextUniqueId();
        String channel = nextChannel(trunk);
        return asterisk.addChannel(id, id, channel, account, "0155555555", dialled, "Ring")
                .compose(v -> agi.run("127.0.0.1", app.fastAgiPort(),
                        AgiEnvironment.outbound(channel, id, account, "0155555555", dialled)))
                .map(r -> new Call(id, channel, r));
    }

    // ---- tests --------------------------------------------------------------------------------------------------

    @Test
    void aSuspendedAccountReachesOnlyEmergencyNumbersAndStillReceivesCalls() throws Exception {
        assertThat(outboundVerdict()).as("before").isEqualTo("ALLOW");
        JsonObject s = suspend(reason("NON_PAYMENT").put("note", "mise en demeure du 2 janvier"), "alice");
        assertThat(s.getString("status")).isEqualTo("ACTIVE");
        assertThat(s.getString("article")).isEqualTo("CGV 8.4");
        assertThat(s.getString("createdBy")).isEqualTo("alice");

        Call received = call(inbound());
        assertThat(received.verdict()).as("a suspended line keeps receiving calls").isEqualTo("ALLOW");
        hangup(received, 16);
        for (String dialled : List.of("0612345678", "0899123456", "+33612345678", "00442079460000")) {
            assertSuspended(call(outbound(dialled)), dialled);
        }
        for (String dialled : EMERGENCY) {
            Call c = call(outbound(dialled));
            assertThat(c.verdict()).as(dialled).isEqualTo("ALLOW");
            assertThat(c.reason()).as(dialled).isEqualTo("EMERGENCY");
            hangup(c, 16);
        }
        until("every emergency call has hung up", () -> inUse() == 0);
        assertThat(call(inbound()).verdict()).as("inbound again, after the emergency calls").isEqualTo("ALLOW");
    }

    @Test
    void withTwoReasonsTheLineWorksAgainOnlyWhenBothAreLiftedWithoutRestart() {
        String first = suspend(reason("NON_PAYMENT"), null).getString("id");
        String second = suspend(reason("CREDIT_THRESHOLD"), null).getString("id");
        assertThat(outboundVerdict()).isEqualTo("DENY");

        JsonObject lifted = lift(first, "bob", 200);
        assertThat(lifted.getString("status")).isEqualTo("LIFTED");
        assertThat(lifted.getString("endedBy")).isEqualTo("bob");
        assertSuspended(call(outbound(MOBILE)), "after lifting one of two");
        lift(first, "bob", 409);

        lift(second, "bob", 200);
        assertThat(outboundVerdict()).as("both lifted").isEqualTo("ALLOW");
        JsonArray history = admin(HttpMethod.GET, SUSPENSIONS, null, null, 200).bodyAsJsonArray();
        assertThat(history.stream().map(o -> ((JsonObject) o).getString("id")).toList())
                .as("newest first").containsExactly(second, first);
    }

    @Test
    void aScheduledSuspensionStartsAtItsTimeAndCanBeCancelledBeforeIt() throws Exception {
        String inAnHour = suspend(reason("NON_PAYMENT").put("startsAt", at(Duration.ofHours(1))), "alice").getString("id");
        JsonObject later = suspend(reason("MISSING_DEPOSIT").put("startsAt", at(Duration.ofHours(2))), "alice");
        assertThat(later.getString("status")).isEqualTo("SCHEDULED");
        assertThat(outboundVerdict()).as("not started yet").isEqualTo("ALLOW");
        assertThat(lift(later.getString("id"), "alice", 200).getString("status")).isEqualTo("CANCELLED");

        clock.advance(Duration.ofHours(1));
        assertSuspended(call(outbound(MOBILE)), "at its start, no timer needed");
        until("the start is in the audit trail", () -> actionsOf("suspension:" + inAnHour).contains("suspension.start"));
        assertThat(lift(inAnHour, "alice", 200).getString("status")).isEqualTo("LIFTED");

        clock.advance(Duration.ofHours(2));
        assertThat(outboundVerdict()).as("the cancelled one never starts").isEqualTo("ALLOW");
        assertThat(actionsOf("suspension:" + later.getString("id"))).containsExactly("suspension.cancel", "suspension.create");
    }

    @Test
    void activeAndScheduledSuspensionsSurviveARestartAndAStartIsHandledOnce() throws Exception {
        String active = suspend(reason("NON_PAYMENT"), "alice").getString("id");
        String scheduled = suspend(reason("CREDIT_THRESHOLD").put("startsAt", at(Duration.ofHours(1))), "alice")
                .getString("id");

        stopCallguard();
        startCallguard();
        assertSuspended(call(outbound(MOBILE)), "after a restart");
        JsonArray list = admin(HttpMethod.GET, SUSPENSIONS + "?status=SCHEDULED", null, null, 200).bodyAsJsonArray();
        assertThat(list).hasSize(1);
        assertThat(list.getJsonObject(0).getString("id")).isEqualTo(scheduled);
        lift(active, "bob", 200);
        assertThat(outboundVerdict()).as("only the scheduled one is left").isEqualTo("ALLOW");

        clock.advance(Duration.ofHours(1));
        assertSuspended(call(outbound(MOBILE)), "the scheduled one starts after the restart");
        until("its start is audited", () -> actionsOf("suspension:" + scheduled).contains("suspension.start"));

        stopCallguard();
        startCallguard();
        assertSuspended(call(outbound(MOBILE)), "after a second restart");
        assertThat(app.suspensions().pendingStarts()).as("its start is not handled again").isZero();
        assertThat(actionsOf("suspension:" + scheduled)).containsExactly("suspension.start", "suspension.create");
    }

    @Test
    void hangingUpCutsOnlyTheAccountsLiveNonEmergencyOutboundCalls() throws Exception {
        setTrunkChannels(10);
        send("POST", "/admin/v1/accounts", new JsonObject().put("id", "globex").put("name", "Globex"), 201);
        send("POST", "/admin/v1/accounts/globex/trunks", new JsonObject().put("id", "trunk-g").put("kind", "T2_IP"), 201);
        Call normal = call(outbound(MOBILE));
        Call emergency = call(outbound("112"));
        Call received = call(inbound());
        Call other = call(outboundOf("globex", "trunk-g", MOBILE));
        for (Call c : List.of(normal, emergency, received, other)) assertThat(c.verdict()).isEqualTo("ALLOW");
        until("callguard tracks every channel", () -> app.tracker().size() == 5);

        JsonObject s = suspend(reason("ABNORMAL_CONSUMPTION").put("hangUpLiveCalls", true), "carol");
        until("a Hangup action reached Asterisk", () -> !hangupActions().isEmpty());

        JsonObject cut = audit("?target=suspension:" + s.getString("id")).getJsonObject(0);
        assertThat(cut.getString("action")).isEqualTo("suspension.hangup");
        assertThat(cut.getString("actor")).isEqualTo("carol");
        JsonArray calls = cut.getJsonObject("after").getJsonArray("calls");
        assertThat(calls).hasSize(1);
        assertThat(calls.getJsonObject(0).getString("uniqueId")).isEqualTo(normal.uniqueId());
        List<AmiFrame> hangups = hangupActions();
        assertThat(hangups).hasSize(1);
        assertThat(hangups.get(0).get("Channel")).isEqualTo(normal.channel());
        until("the cut call is gone", () -> app.tracker().get(normal.uniqueId()).isEmpty());
        for (Call kept : List.of(emergency, received, other)) {
            assertThat(app.tracker().get(kept.uniqueId())).as(kept.channel()).isPresent();
        }
    }

    @Test
    void aScheduledSuspensionWithHangUpCutsTheLiveCallsWhenItStarts() throws Exception {
        Call normal = call(outbound(MOBILE));
        until("callguard tracks the call", () -> app.tracker().get(normal.uniqueId()).isPresent());
        String id = suspend(reason("SHORT_CALLS").put("hangUpLiveCalls", true)
                .put("startsAt", at(Duration.ofMinutes(10))), "alice").getString("id");
        assertThat(actionsOf("suspension:" + id)).containsExactly("suspension.create");

        clock.advance(Duration.ofMinutes(10));
        until("the start hung the call up", () -> hangupActions().size() == 1);
        assertThat(hangupActions().get(0).get("Channel")).isEqualTo(normal.channel());
        JsonObject cut = audit("?target=suspension:" + id).getJsonObject(0);
        assertThat(cut.getString("action")).isEqualTo("suspension.hangup");
        assertThat(cut.getString("actor")).isEqualTo("system");
    }

    @Test
    void theAuditTrailShowsEveryChangeWithWhoWhenBeforeAndAfter() throws Exception {
        admin(HttpMethod.PUT, "/admin/v1/accounts/acme/trunks/" + TRUNK,
                new JsonObject().put("kind", "T0_IP").put("channels", 5), "alice", 200);
        String cancelled = suspend(reason("FORCE_MAJEURE").put("startsAt", at(Duration.ofDays(1))), "bob").getString("id");
        lift(cancelled, "bob", 200);
        String lifted = suspend(reason("LOW_ASR").put("hangUpLiveCalls", true), "carol").getString("id");
        clock.advance(Duration.ofMinutes(1));
        lift(lifted, "dave", 200);
        admin(HttpMethod.DELETE, "/admin/v1/accounts/acme/numbers/" + DID, null, "erin", 204);

        JsonArray trail = audit("");
        List<String> summary = new ArrayList<>();
        for (Object o : trail) {
            JsonObject e = (JsonObject) o;
            summary.add(e.getString("action") + " " + e.getString("target").replaceAll(":[0-9A-Z]{18}$", ":<id>")
                    + " by " + e.getString("actor"));
        }
        assertThat(summary).containsExactly(
                "number.delete number:" + DID + " by erin",
                "suspension.lift suspension:<id> by dave",
                "suspension.hangup suspension:<id> by carol",
                "suspension.create suspension:<id> by carol",
                "suspension.cancel suspension:<id> by bob",
                "suspension.create suspension:<id> by bob",
                "trunk.update trunk:" + TRUNK + " by alice",
                "number.create number:" + DID + " by admin",
                "trunk.create trunk:" + TRUNK + " by admin",
                "account.create account:acme by admin");

        JsonObject trunkUpdate = trail.getJsonObject(6);
        assertThat(trunkUpdate.getJsonObject("before").getInteger("channels")).isEqualTo(2);
        assertThat(trunkUpdate.getJsonObject("after").getInteger("channels")).isEqualTo(5);
        assertThat(trunkUpdate.getString("at")).isEqualTo(TestApps.T0.toString());
        JsonObject lift = trail.getJsonObject(1);
        assertThat(lift.getString("at")).isEqualTo(TestApps.T0.plusSeconds(60).toString());
        assertThat(lift.getJsonObject("before").getString("status")).isEqualTo("ACTIVE");
        assertThat(lift.getJsonObject("after").getString("status")).isEqualTo("LIFTED");
        assertThat(trail.getJsonObject(0).getJsonObject("before").getString("trunkId")).isEqualTo(TRUNK);
        assertThat(trail.getJsonObject(0).getValue("after")).isNull();
        assertThat(audit("?target=account:acme")).hasSize(1);
        assertThat(audit("?since=" + TestApps.T0.plusSeconds(30) + "&limit=1").getJsonObject(0).getString("action"))
                .isEqualTo("number.delete");

        // Only the admin token opens these routes: a client key (cg_<id>_<secret>) is no admin bearer.
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST)) {
            HttpResponse<Buffer> r = await(http.request(method, SUSPENSIONS).bearerTokenAuthentication("cg_x_y")
                    .sendJsonObject(reason("OTHER").put("note", "x")));
            assertThat(r.statusCode()).as(method.name()).isEqualTo(401);
        }
        assertThat(await(http.delete(SUSPENSIONS + "/" + lifted).bearerTokenAuthentication("cg_x_y").send())
                .statusCode()).isEqualTo(401);
        assertThat(await(http.get("/admin/v1/audit").bearerTokenAuthentication("cg_x_y").send()).statusCode())
                .isEqualTo(401);
        assertThat(audit("")).as("nothing written by the refused requests").hasSize(trail.size());
    }
}
