package io.callguard.server.e2e;

import io.callguard.core.time.MutableClock;
import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.callguard.testkit.agi.EmulatedAgiClient;
import io.callguard.testkit.ami.AmiFrame;
import io.callguard.testkit.ami.EmulatedAmiServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One callguard node behind two emulated Asterisk servers ({@code ami.servers: pbx-a, pbx-b}), over real sockets.
 * Both servers number their channels alike ({@code <epoch>.<n>}, no systemname): the calls below share one Uniqueid
 * and one channel name, and callguard still keeps them apart (keys {@code pbx-a/…} and {@code pbx-b/…}). FastAGI
 * sessions name their server with {@code agi://…/outbound?asterisk=<name>}, as the shipped dialplan does; sessions
 * that do not come from pbx-a's address (configured as {@code agiAddresses}).
 */
class TwoAsteriskServersEndToEndTest {
    private static final String USER = "callguard";
    private static final String SECRET = "e2e-ami-secret";
    private static final String TRUNK = "trunk-a";
    private static final String DID = "0198765432";
    private static final String MOBILE = "0612345678";
    /** The same Uniqueid and channel on both servers. */
    private static final String SAME_ID = "1736150400.7";
    private static final String SAME_CHANNEL = "PJSIP/trunk-a-00000007";

    @TempDir Path dir;
    private Vertx vertx;
    private EmulatedAmiServer pbxA;
    private EmulatedAmiServer pbxB;
    private EmulatedAgiClient agi;
    private MutableClock clock;
    private CallguardApp app;
    private WebClient http;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        pbxA = new EmulatedAmiServer(vertx, USER, SECRET).loginFailureDelay(Duration.ofMillis(20));
        pbxB = new EmulatedAmiServer(vertx, USER, SECRET).loginFailureDelay(Duration.ofMillis(20));
        await(pbxA.start());
        await(pbxB.start());
        agi = new EmulatedAgiClient(vertx);
        clock = new MutableClock(TestApps.T0);
        Map<String, String> env = new HashMap<>(Map.of(
                "CALLGUARD_AMI_ENABLED", "true",
                // the compact form, settable from the environment: name@host:port, the other keys shared
                "CALLGUARD_AMI_SERVERS", "pbx-a@127.0.0.1:" + pbxA.port() + ",pbx-b@127.0.0.1:" + pbxB.port(),
                "CALLGUARD_AMI_USERNAME", USER,
                "CALLGUARD_AMI_SECRET", SECRET,
                // a server's own key: FastAGI sessions from 127.0.0.1 without ?asterisk= belong to pbx-a
                "CALLGUARD_AMI_SERVERS_PBX_A_AGI_ADDRESSES", "127.0.0.1",
                "CALLGUARD_AMI_SERVERS_PBX_B_AGI_ADDRESSES", "192.0.2.10",
                "CALLGUARD_AMI_PING_INTERVAL", "200ms",
                "CALLGUARD_AMI_RECONNECT_MIN", "20ms",
                "CALLGUARD_AMI_RECONNECT_MAX", "200ms",
                "CALLGUARD_AMI_CONNECT_TIMEOUT", "1s"));
        env.put("CALLGUARD_FASTAGI_DECISION_DEADLINE", "10s");
        app = TestApps.start(TestApps.config(dir, env), clock);
        http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.adminPort()));
        until("both AMI links up and synchronised (/ready 200)", () -> await(http.get("/ready").send()).statusCode() == 200
                && !pbxA.actionsReceived("CoreShowChannels").isEmpty() && !pbxB.actionsReceived("CoreShowChannels").isEmpty());
        send("POST", "/admin/v1/accounts", new JsonObject().put("id", "acme").put("name", "Acme SARL"), 201);
        send("POST", "/admin/v1/accounts/acme/trunks", new JsonObject().put("id", TRUNK).put("kind", "T0_IP"), 201);
        send("POST", "/admin/v1/accounts/acme/numbers", new JsonObject().put("number", DID).put("trunkId", TRUNK), 201);
        send("POST", "/admin/v1/accounts", new JsonObject().put("id", "beta").put("name", "Beta SAS"), 201);
        send("POST", "/admin/v1/accounts/beta/trunks", new JsonObject().put("id", "trunk-b").put("kind", "T0_IP"), 201);
    }

    @AfterEach
    void stop() {
        if (http != null) http.close();
        if (app != null) await(app.stop());
        if (agi != null) await(agi.close());
        if (pbxA != null) await(pbxA.close());
        if (pbxB != null) await(pbxB.close());
        if (vertx != null) await(vertx.close());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private HttpResponse<Buffer> send(String method, String path, JsonObject body, int expected) {
        var request = http.request(HttpMethod.valueOf(method), path).bearerTokenAuthentication(TestApps.TOKEN);
        HttpResponse<Buffer> r = await(body == null ? request.send() : request.sendJsonObject(body));
        assertThat(r.statusCode()).as(method + " " + path + " " + r.bodyAsString()).isEqualTo(expected);
        return r;
    }

    /**
     * An outbound call from {@code account} on {@code server}: its channel appears there (Newchannel), then the
     * dialplan asks callguard with {@code ?asterisk=<name>} when {@code named}.
     */
    private AgiSessionResult outbound(EmulatedAmiServer server, String name, String id, String channel, String account,
                                      String dialled) {
        await(server.addChannel(id, id, channel, account, DID, dialled, "Ring"));
        AgiEnvironment env = AgiEnvironment.outbound(channel, id, account, DID, dialled);
        if (name != null) env = env.with("agi_network_script", "outbound?asterisk=" + name);
        return await(agi.run("127.0.0.1", app.fastAgiPort(), env));
    }

    private int inUse() {
        return send("GET", "/admin/v1/trunks/" + TRUNK + "/usage", null, 200).bodyAsJsonObject().getInteger("inUse");
    }

    private List<String> holders() {
        JsonArray r = send("GET", "/admin/v1/trunks/" + TRUNK + "/usage", null, 200).bodyAsJsonObject()
                .getJsonArray("reservations");
        return r.stream().map(o -> ((JsonObject) o).getString("holder")).sorted().toList();
    }

    private void until(String what, BooleanSupplier condition) {
        TestApps.until(vertx, what, Duration.ofSeconds(10), condition);
    }

    // ---- tests --------------------------------------------------------------------------------------------------

    @Test
    void theSameUniqueidOnTwoServersIsTwoCallsBothCountedAndAHangupOnAFreesOnlyItsOwnSlot() {
        AgiSessionResult onA = outbound(pbxA, null, SAME_ID, SAME_CHANNEL, "acme", MOBILE); // attributed by address
        AgiSessionResult onB = outbound(pbxB, "pbx-b", SAME_ID, SAME_CHANNEL, "acme", MOBILE);
        assertThat(onA.variable("CALLGUARD_VERDICT")).isEqualTo("ALLOW");
        assertThat(onB.variable("CALLGUARD_VERDICT")).as("same Uniqueid, other server: another call").isEqualTo("ALLOW");
        until("both tracked", () -> app.tracker().get("pbx-a/" + SAME_ID).isPresent()
                && app.tracker().get("pbx-b/" + SAME_ID).isPresent());
        assertThat(inUse()).isEqualTo(2);
        assertThat(holders()).containsExactly("pbx-a/" + SAME_ID, "pbx-b/" + SAME_ID);

        AgiSessionResult third = outbound(pbxA, "pbx-a", pbxA.nextUniqueId(), "PJSIP/trunk-a-00000008", "acme", MOBILE);
        assertThat(third.variable("CALLGUARD_VERDICT")).as("T0: two channels across both servers").isEqualTo("DENY");
        assertThat(third.variable("CALLGUARD_REASON")).isEqualTo("TRUNK_FULL");

        await(pbxA.hangup(SAME_ID, 16));
        until("A's call is gone", () -> app.tracker().get("pbx-a/" + SAME_ID).isEmpty());
        until("exactly one slot freed", () -> inUse() == 1);
        assertThat(holders()).as("B's call still counted").containsExactly("pbx-b/" + SAME_ID);
        assertThat(app.tracker().get("pbx-b/" + SAME_ID)).isPresent();
        assertThat(outbound(pbxB, "pbx-b", pbxB.nextUniqueId(), "PJSIP/trunk-a-00000009", "acme", MOBILE)
                .variable("CALLGUARD_VERDICT")).isEqualTo("ALLOW");
    }

    @Test
    void aResyncOfServerAAfterItsRestartKeepsServerBsLiveCallsAndTheirSlots() throws Exception {
        outbound(pbxA, "pbx-a", SAME_ID, SAME_CHANNEL, "acme", MOBILE);
        outbound(pbxB, "pbx-b", SAME_ID, SAME_CHANNEL, "acme", MOBILE);
        until("both tracked", () -> app.tracker().size() == 2);
        assertThat(inUse()).isEqualTo(2);

        // pbx-a crashes (its call is gone with it) and comes back: callguard logs in again and resynchronises it
        int syncsA = pbxA.actionsReceived("CoreShowChannels").size();
        int syncsB = pbxB.actionsReceived("CoreShowChannels").size();
        await(pbxA.kill());
        await(pbxA.restart());
        until("pbx-a resynchronised", () -> pbxA.actionsReceived("CoreShowChannels").size() > syncsA);
        until("pbx-a's vanished call dropped", () -> app.tracker().get("pbx-a/" + SAME_ID).isEmpty());
        until("its slot freed by the reconciliation", () -> inUse() == 1);

        assertThat(app.tracker().get("pbx-b/" + SAME_ID)).as("pbx-a's empty list says nothing of pbx-b").isPresent();
        assertThat(holders()).containsExactly("pbx-b/" + SAME_ID);
        assertThat(pbxB.actionsReceived("CoreShowChannels")).as("pbx-b was not asked again").hasSize(syncsB);

        // and the other way round: a resync of pbx-b (its link cut, channels kept) keeps its call
        await(pbxB.dropSessions());
        until("pbx-b resynchronised", () -> pbxB.actionsReceived("CoreShowChannels").size() > syncsB);
        until("/ready again", () -> await(http.get("/ready").send()).statusCode() == 200);
        assertThat(app.tracker().get("pbx-b/" + SAME_ID)).isPresent();
        assertThat(holders()).containsExactly("pbx-b/" + SAME_ID);
    }

    @Test
    void aSuspensionHangsUpTheCallOnItsOwnServerOnly() {
        // the same Uniqueid on both servers: beta's call on pbx-a, acme's on pbx-b
        outbound(pbxA, "pbx-a", SAME_ID, "PJSIP/trunk-b-00000007", "beta", MOBILE);
        outbound(pbxB, "pbx-b", SAME_ID, SAME_CHANNEL, "acme", MOBILE);
        until("both tracked", () -> app.tracker().size() == 2);

        send("POST", "/admin/v1/accounts/acme/suspensions", new JsonObject().put("reason", "ABNORMAL_CONSUMPTION")
                .put("hangUpLiveCalls", true), 201);
        until("pbx-b receives the Hangup", () -> !pbxB.actionsReceived("Hangup").isEmpty());
        AmiFrame hangup = pbxB.actionsReceived("Hangup").get(0);
        assertThat(hangup.get("Channel")).isEqualTo(SAME_CHANNEL);
        assertThat(hangup.get("Cause")).isEqualTo("16");
        until("acme's call ended on pbx-b", () -> app.tracker().get("pbx-b/" + SAME_ID).isEmpty());
        assertThat(pbxA.actionsReceived("Hangup")).as("pbx-a carries no acme call").isEmpty();
        assertThat(app.tracker().get("pbx-a/" + SAME_ID)).isPresent();
        assertThat(pbxA.channels()).extracting(c -> c.uniqueId()).containsExactly(SAME_ID);
    }

    @Test
    void aSessionNoServerMatchesGetsTheFailureDecisionAndEmergencyCallsStillPass() {
        AgiEnvironment unknown = AgiEnvironment.outbound(SAME_CHANNEL, SAME_ID, "acme", DID, MOBILE)
                .with("agi_network_script", "outbound?asterisk=pbx-z");
        AgiSessionResult r = await(agi.run("127.0.0.1", app.fastAgiPort(), unknown));
        assertThat(r.variable("CALLGUARD_VERDICT")).as("fastagi.failureMode open").isEqualTo("ALLOW");
        assertThat(r.variable("CALLGUARD_REASON")).isEqualTo("UNKNOWN_ASTERISK");
        AgiSessionResult emergency = await(agi.run("127.0.0.1", app.fastAgiPort(),
                AgiEnvironment.outbound(SAME_CHANNEL, SAME_ID, "acme", DID, "112")
                        .with("agi_network_script", "outbound?asterisk=pbx-z")));
        assertThat(emergency.variable("CALLGUARD_VERDICT")).isEqualTo("ALLOW");
        assertThat(inUse()).as("nothing reserved for an unattributed session").isZero();
        assertThat(app.tracker().size()).isZero();
    }

    @Test
    void theListenersEndpointShowsEachServersAmiLink() throws Exception {
        JsonObject ami = send("GET", "/admin/v1/listeners", null, 200).bodyAsJsonObject().getJsonObject("ami");
        assertThat(ami.fieldNames()).containsExactly("pbx-a", "pbx-b");
        assertThat(ami.getJsonObject("pbx-a").getString("state")).isEqualTo("UP");
        assertThat(ami.getJsonObject("pbx-b").getInteger("port")).isEqualTo(pbxB.port());

        await(pbxB.kill());
        until("pbx-b seen down", () -> "DOWN".equals(send("GET", "/admin/v1/listeners", null, 200).bodyAsJsonObject()
                .getJsonObject("ami").getJsonObject("pbx-b").getString("state")));
        assertThat(send("GET", "/admin/v1/listeners", null, 200).bodyAsJsonObject().getJsonObject("ami")
                .getJsonObject("pbx-a").getString("state")).isEqualTo("UP");
        assertThat(await(http.get("/ready").send()).statusCode()).as("one server down: not ready").isEqualTo(503);
    }
}
