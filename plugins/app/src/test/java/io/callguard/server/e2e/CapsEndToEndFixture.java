package io.callguard.server.e2e;

import io.callguard.core.time.MutableClock;
import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.callguard.testkit.agi.EmulatedAgiClient;
import io.callguard.testkit.ami.AmiFrame;
import io.callguard.testkit.ami.EmulatedAmiServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A whole callguard with the call caps on (default policy chain) against an emulated Asterisk over real sockets:
 * account {@code acme}, T0 trunk {@code trunk-a} (2 channels), DID {@code 0198765432} on it. callguard runs on a
 * {@link MutableClock} the tests advance; the emulated Asterisk on its own, so that CoreShowChannels durations can
 * be made to look old.
 */
abstract class CapsEndToEndFixture {
    static final String AMI_USER = "callguard";
    static final String AMI_SECRET = "e2e-ami-secret";
    static final String TRUNK = "trunk-a";
    static final String DID = "0198765432";
    static final String MOBILE = "0612345678";

    /**
     * One call as the emulated Asterisk made it: its first channel, callguard's answer and, for an allowed inbound
     * call, the leg Asterisk dialled on the client's trunk (null otherwise).
     */
    record Call(String uniqueId, String channel, AgiSessionResult result, String dialledLeg) {
        Call(String uniqueId, String channel, AgiSessionResult result) { this(uniqueId, channel, result, null); }

        String verdict() { return result.variable("CALLGUARD_VERDICT"); }
        String reason() { return result.variable("CALLGUARD_REASON"); }
    }

    @TempDir Path dir;
    Vertx vertx;
    EmulatedAmiServer asterisk;
    MutableClock asteriskClock;
    EmulatedAgiClient agi;
    MutableClock clock;
    CallguardApp app;
    WebClient http;
    private final AtomicInteger channelSequence = new AtomicInteger(1);

    /** Extra CALLGUARD_* settings of this test class. */
    Map<String, String> settings() { return Map.of(); }

    @BeforeEach
    void startAsteriskAndCallguard() throws Exception {
        vertx = Vertx.vertx();
        asteriskClock = new MutableClock(TestApps.T0);
        asterisk = new EmulatedAmiServer(vertx, AMI_USER, AMI_SECRET).loginFailureDelay(Duration.ofMillis(20))
                .clock(asteriskClock);
        await(asterisk.start());
        agi = new EmulatedAgiClient(vertx);
        clock = new MutableClock(TestApps.T0);
        startCallguard();
        seed();
    }

    @AfterEach
    void stopEverything() {
        stopCallguard();
        if (agi != null) await(agi.close());
        if (asterisk != null) await(asterisk.close());
        if (vertx != null) await(vertx.close());
    }

    void startCallguard() throws Exception {
        int syncsBefore = asterisk.actionsReceived("CoreShowChannels").size();
        launchCallguard();
        until("AMI connected (/ready 200) and CoreShowChannels asked", () ->
                await(http.get("/ready").send()).statusCode() == 200
                        && asterisk.actionsReceived("CoreShowChannels").size() > syncsBefore);
    }

    /** Starts callguard (listeners bound, AMI connecting) without waiting for it to be ready. */
    void launchCallguard() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "CALLGUARD_AMI_ENABLED", "true",
                "CALLGUARD_AMI_PORT", Integer.toString(asterisk.port()),
                "CALLGUARD_AMI_USERNAME", AMI_USER,
                "CALLGUARD_AMI_SECRET", AMI_SECRET,
                "CALLGUARD_AMI_PING_INTERVAL", "200ms",
                "CALLGUARD_AMI_RECONNECT_MIN", "20ms",
                "CALLGUARD_AMI_RECONNECT_MAX", "200ms",
                "CALLGUARD_AMI_CONNECT_TIMEOUT", "1s",
                // hundreds of simultaneous sessions on a small machine: never let the fail-open deadline answer
                "CALLGUARD_FASTAGI_DECISION_DEADLINE", "10s"));
        env.putAll(settings());
        app = TestApps.start(TestApps.config(dir, env), clock);
        http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.adminPort()));
    }

    void stopCallguard() {
        if (http != null) http.close();
        if (app != null) await(app.stop());
        http = null;
        app = null;
    }

    private void seed() {
        send("POST", "/admin/v1/accounts", new JsonObject().put("id", "acme").put("name", "Acme SARL"), 201);
        send("POST", "/admin/v1/accounts/acme/trunks", new JsonObject().put("id", TRUNK).put("kind", "T0_IP"), 201);
        send("POST", "/admin/v1/accounts/acme/numbers", new JsonObject().put("number", DID).put("trunkId", TRUNK), 201);
    }

    HttpResponse<Buffer> send(String method, String path, JsonObject body, int expectedStatus) {
        var request = http.request(io.vertx.core.http.HttpMethod.valueOf(method), path)
                .bearerTokenAuthentication(TestApps.TOKEN);
        HttpResponse<Buffer> r = await(body == null ? request.send() : request.sendJsonObject(body));
        assertThat(r.statusCode()).as(method + " " + path + " " + r.bodyAsString()).isEqualTo(expectedStatus);
        return r;
    }

    JsonObject usage() { return send("GET", "/admin/v1/trunks/" + TRUNK + "/usage", null, 200).bodyAsJsonObject(); }

    int inUse() { return usage().getInteger("inUse"); }

    void setTrunkChannels(int channels) {
        send("PUT", "/admin/v1/accounts/acme/trunks/" + TRUNK,
                new JsonObject().put("kind", "T0_IP").put("channels", channels), 200);
    }

    // ---- calls ----------------------------------------------------------------------------------------------

    String nextChannel(String endpoint) { return String.format("PJSIP/%s-%08x", endpoint, channelSequence.getAndIncrement()); }

    /** An outbound call from trunk-a: Asterisk creates its channel (Newchannel), then asks callguard. */
    Future<Call> outbound(String dialled) {
        String id = asterisk.nextUniqueId();
        String channel = nextChannel(TRUNK);
        return asterisk.addChannel(id, id, channel, "acme", DID, dialled, "Ring")
                .compose(v -> agi.run("127.0.0.1", app.fastAgiPort(),
                        AgiEnvironment.outbound(channel, id, "acme", DID, dialled)))
                .map(r -> new Call(id, channel, r));
    }

    /**
     * An inbound call from the carrier to trunk-a's number; when allowed, Asterisk dials the client: a second leg
     * on trunk-a whose Linkedid is the carrier leg's Uniqueid.
     */
    Future<Call> inbound() {
        String id = asterisk.nextUniqueId();
        String channel = nextChannel("carrier");
        return asterisk.addChannel(id, id, channel, "", "0611111111", DID, "Ring")
                .compose(v -> agi.run("127.0.0.1", app.fastAgiPort(),
                        AgiEnvironment.inbound(channel, id, "", "0611111111", DID)))
                .compose(r -> {
                    if (!"ALLOW".equals(r.variable("CALLGUARD_VERDICT"))) return Future.succeededFuture(new Call(id, channel, r));
                    String leg = asterisk.nextUniqueId();
                    return asterisk.addChannel(leg, id, nextChannel(TRUNK), "acme", "0611111111", DID, "Ringing")
                            .map(v -> new Call(id, channel, r, leg));
                });
    }

    Call call(Future<Call> f) { return await(f); }

    /** Starts all calls at once and waits for every answer. */
    List<Call> simultaneously(List<Future<Call>> calls) {
        await(Future.all(calls));
        List<Call> out = new ArrayList<>();
        for (Future<Call> f : calls) out.add(f.result());
        return out;
    }

    static List<Call> withVerdict(List<Call> calls, String verdict) {
        return calls.stream().filter(c -> verdict.equals(c.verdict())).toList();
    }

    /** The call ends: Asterisk hangs up its legs (Hangup events with this cause). */
    void hangup(Call c, int cause) {
        if (c.dialledLeg() != null) await(asterisk.hangup(c.dialledLeg(), cause));
        await(asterisk.hangup(c.uniqueId(), cause));
    }

    /**
     * Asterisk answers the call (Newstate Up), and callguard has heard it before the test's clock moves on: a record's
     * billable time starts there.
     */
    void answer(Call c) {
        await(asterisk.answer(c.uniqueId()));
        until("the answer of " + c.uniqueId() + " is heard", () -> send("GET", "/admin/v1/calls", null, 200)
                .bodyAsJsonArray().stream().map(o -> (JsonObject) o)
                .anyMatch(l -> c.uniqueId().equals(l.getString("uniqueId")) && l.getString("answeredAt") != null));
    }

    /** The verdict (and reason) of an outbound call to {@code dialled}, hung up at once when allowed. */
    String verdictOf(String dialled) {
        Call c = call(outbound(dialled));
        if ("ALLOW".equals(c.verdict())) hangup(c, 16);
        return c.verdict() + (c.reason() == null ? "" : " " + c.reason());
    }

    /** acme's active suspensions for {@code reason}, as the admin API lists them. */
    List<JsonObject> activeSuspensions(String reason) {
        return send("GET", "/admin/v1/accounts/acme/suspensions", null, 200).bodyAsJsonArray().stream()
                .map(o -> (JsonObject) o)
                .filter(s -> reason.equals(s.getString("reason")) && "ACTIVE".equals(s.getString("status"))).toList();
    }

    List<AmiFrame> hangupActions() { return asterisk.actionsReceived("Hangup"); }

    /** Waits (bounded, 10 s) until the condition holds. */
    void until(String what, BooleanSupplier condition) {
        TestApps.until(vertx, what, Duration.ofSeconds(10), condition);
    }
}
