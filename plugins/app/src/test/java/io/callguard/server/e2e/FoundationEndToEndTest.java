package io.callguard.server.e2e;

import io.callguard.records.build.CallRecordBuilder;
import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.callguard.testkit.agi.EmulatedAgiClient;
import io.callguard.testkit.ami.EmulatedAmiServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation as an operator runs it: the whole callguard (jar wiring, H2 store, admin API) against an
 * emulated Asterisk over real sockets: FastAGI sessions like Asterisk 22 sends them, and an AMI server that
 * reports channels, answers CoreShowChannels, dies and comes back.
 */
class FoundationEndToEndTest {
    private static final String AMI_USER = "callguard";
    private static final String AMI_SECRET = "e2e-ami-secret";

    @TempDir Path dir;
    Vertx vertx;
    EmulatedAmiServer asterisk;
    EmulatedAgiClient agi;
    CallguardApp app;
    WebClient http;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        asterisk = new EmulatedAmiServer(vertx, AMI_USER, AMI_SECRET).loginFailureDelay(Duration.ofMillis(20));
        int amiPort = await(asterisk.start());
        app = TestApps.start(TestApps.config(dir, Map.of(
                "CALLGUARD_AMI_ENABLED", "true",
                "CALLGUARD_AMI_PORT", Integer.toString(amiPort),
                "CALLGUARD_AMI_USERNAME", AMI_USER,
                "CALLGUARD_AMI_SECRET", AMI_SECRET,
                "CALLGUARD_AMI_PING_INTERVAL", "200ms",
                "CALLGUARD_AMI_RECONNECT_MIN", "20ms",
                "CALLGUARD_AMI_RECONNECT_MAX", "200ms",
                "CALLGUARD_AMI_CONNECT_TIMEOUT", "1s")));
        agi = new EmulatedAgiClient(vertx);
        http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.adminPort()));
        seed();
    }

    @AfterEach
    void stop() {
        if (http != null) http.close();
        if (app != null) await(app.stop());
        if (agi != null) await(agi.close());
        if (asterisk != null) await(asterisk.close());
        if (vertx != null) await(vertx.close());
    }

    private void seed() {
        post("/admin/v1/accounts", new JsonObject().put("id", "acme").put("name", "Acme SARL"));
        post("/admin/v1/accounts/acme/trunks", new JsonObject().put("id", "trunk-a").put("kind", "T0_IP"));
        post("/admin/v1/accounts/acme/numbers", new JsonObject().put("number", "0198765432").put("trunkId", "trunk-a"));
    }

    private void post(String path, JsonObject body) {
        var r = await(http.post(path).bearerTokenAuthentication(TestApps.TOKEN).sendJsonObject(body));
        assertThat(r.statusCode()).as(path + " " + r.bodyAsString()).isEqualTo(201);
    }

    private JsonArray liveCalls() {
        var r = await(http.get("/admin/v1/calls").bearerTokenAuthentication(TestApps.TOKEN).send());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.bodyAsJsonArray();
    }

    private Set<String> liveCallIds() {
        Set<String> ids = new HashSet<>();
        for (Object o : liveCalls()) ids.add(((JsonObject) o).getString("uniqueId"));
        return ids;
    }

    private AgiSessionResult outbound(String accountCode, String dialled, String uniqueId) {
        return await(agi.run("127.0.0.1", app.fastAgiPort(),
                AgiEnvironment.outbound("PJSIP/trunk-a-00000001", uniqueId, accountCode, "0198765432", dialled)));
    }

    @Test
    void knownAccountCallingAMobileIsAllowedWithTheContractMaximumDuration() {
        AgiSessionResult r = outbound("acme", "0612345678", "1764170000.1");

        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(r.variable("CALLGUARD_VERDICT")).isEqualTo("ALLOW");
        assertThat(r.variable("CALLGUARD_MAX_SECONDS")).isEqualTo("7200");
        assertThat(r.roundTrips()).as("one command per decision").isEqualTo(1);
    }

    @Test
    void emergencyNumbersAreAllowedEvenForAnUnknownAccount() {
        for (String emergency : new String[] {"112", "15"}) {
            AgiSessionResult r = await(agi.run("127.0.0.1", app.fastAgiPort(),
                    AgiEnvironment.outbound("PJSIP/stranger-00000002", "1764170000.2", "nobody", "0100000000", emergency)));
            assertThat(r.variable("CALLGUARD_VERDICT")).as(emergency).isEqualTo("ALLOW");
            assertThat(r.variable("CALLGUARD_REASON")).as(emergency).isEqualTo("EMERGENCY");
            assertThat(r.variables()).as("an emergency call is never cut").doesNotContainKey("CALLGUARD_MAX_SECONDS");
        }
    }

    @Test
    void unknownAccountCallingAMobileIsDeniedWithCause21() {
        AgiSessionResult r = await(agi.run("127.0.0.1", app.fastAgiPort(),
                AgiEnvironment.outbound("PJSIP/stranger-00000003", "1764170000.3", "nobody", "0100000000", "0612345678")));

        assertThat(r.variable("CALLGUARD_VERDICT")).isEqualTo("DENY");
        assertThat(r.variable("CALLGUARD_REASON")).isEqualTo("UNKNOWN_ACCOUNT");
        assertThat(r.variable("CALLGUARD_CAUSE")).isEqualTo("21");
    }

    @Test
    void inboundCallToARegisteredNumberIsAllowed() {
        AgiSessionResult r = await(agi.run("127.0.0.1", app.fastAgiPort(),
                AgiEnvironment.inbound("PJSIP/carrier-00000004", "1764170000.4", "", "0611111111", "+33198765432")));

        assertThat(r.variable("CALLGUARD_VERDICT")).isEqualTo("ALLOW");
        assertThat(r.variable("CALLGUARD_MAX_SECONDS")).isEqualTo("7200");
    }

    @Test
    void liveCallsAppearInTheAdminApiAndDisappearOnHangup() throws Exception {
        until("AMI connected", () -> asterisk.loggedInSessions() == 1);
        String a = asterisk.nextUniqueId();
        String b = asterisk.nextUniqueId();
        await(asterisk.addChannel(a, a, "PJSIP/trunk-a-00000010", "acme", "0198765432", "0612345678", "Ring"));
        await(asterisk.addChannel(b, a, "PJSIP/carrier-00000011", "", "0198765432", "0612345678", "Ringing"));
        outbound("acme", "0612345678", a);

        until("both legs listed", () -> liveCallIds().equals(Set.of(a, b)));
        JsonObject first = liveCalls().stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("uniqueId").equals(a)).findFirst().orElseThrow();
        assertThat(first.getString("accountId")).isEqualTo("acme");
        assertThat(first.getString("endpoint")).isEqualTo("trunk-a");

        await(asterisk.hangup(a, 16));
        await(asterisk.hangup(b, 16));
        until("no live call left", () -> liveCalls().isEmpty());
    }

    @Test
    void everyCallIsRecordedOnceWhileTheCtiModuleHearsTheSameEventsAndDecisions() throws Exception {
        // both the CTI module and the call records offer a CallEventListener and a DecisionListener: each gets them
        CallRecordBuilder records = app.moduleService(CallRecordBuilder.class);
        assertThat(app.cti()).as("the CTI module runs beside the records").isNotNull();
        until("AMI connected", () -> asterisk.loggedInSessions() == 1);
        String a = asterisk.nextUniqueId();
        String b = asterisk.nextUniqueId();
        await(asterisk.addChannel(a, a, "PJSIP/trunk-a-00000020", "acme", "0198765432", "0612345678", "Ring"));
        outbound("acme", "0612345678", a);
        await(asterisk.addChannel(b, a, "PJSIP/carrier-00000021", "", "0198765432", "0612345678", "Ringing"));
        await(asterisk.answer(b));
        await(asterisk.hangup(a, 16));
        until("the caller leg gone", () -> liveCallIds().equals(Set.of(b)));
        assertThat(records.built()).as("the callee leg is still up").isZero();
        await(asterisk.hangup(b, 16));

        until("one record", () -> records.built() == 1);
        assertThat(records.openCalls()).isZero();
        assertThat(records.pendingDecisions()).as("the decision found its call").isZero();

        // ... written to the store by the chain writer, read back through the admin API, and the chain verifies
        until("the record in the store", () -> recordsOf("acme").size() == 1);
        JsonObject r = recordsOf("acme").getJsonObject(0);
        assertThat(r.getString("uniqueId")).isEqualTo(a);
        assertThat(r.getString("direction")).isEqualTo("OUTBOUND");
        assertThat(r.getString("callee")).isEqualTo("0612345678");
        assertThat(r.getString("disposition")).isEqualTo("ANSWERED");
        assertThat(r.getInteger("cause")).isEqualTo(16);
        assertThat(r.getString("hash")).hasSize(64);
        var verify = await(http.get("/admin/v1/records/verify").bearerTokenAuthentication(TestApps.TOKEN).send());
        assertThat(verify.statusCode()).isEqualTo(200);
        assertThat(verify.bodyAsJsonObject().getBoolean("ok")).as(verify.bodyAsString()).isTrue();
    }

    private io.vertx.core.json.JsonArray recordsOf(String account) {
        var r = await(http.get("/admin/v1/accounts/" + account + "/records").bearerTokenAuthentication(TestApps.TOKEN).send());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("items");
    }

    @Test
    void afterAnAsteriskRestartTheCallTableEqualsCoreShowChannels() throws Exception {
        until("AMI connected", () -> asterisk.loggedInSessions() == 1);
        await(asterisk.addChannel("100.1", "100.1", "PJSIP/trunk-a-00000001", "acme", "0198765432", "0612345678", "Up"));
        await(asterisk.addChannel("100.2", "100.2", "PJSIP/trunk-a-00000002", "acme", "0198765432", "0622222222", "Up"));
        until("first picture", () -> liveCallIds().equals(Set.of("100.1", "100.2")));

        await(asterisk.kill());
        until("callguard sees AMI down", () -> await(http.get("/ready").send()).statusCode() == 503);
        // Asterisk comes back with other live channels (a different boot: different ids).
        for (var ch : asterisk.channels()) await(asterisk.hangup(ch.uniqueId(), 16));
        await(asterisk.addChannelQuietly("200.7", "200.7", "PJSIP/trunk-a-00000000", "acme", "0198765432", "0633333333", "Up"));
        await(asterisk.restart());

        until("reconnected and resynchronised", () -> liveCallIds().equals(Set.of("200.7")));
        assertThat(await(http.get("/ready").send()).statusCode()).isEqualTo(200);
    }

    /** Waits (bounded, 10 s) until the condition holds. */
    private void until(String what, BooleanSupplier condition) {
        TestApps.until(vertx, what, Duration.ofSeconds(10), condition);
    }
}
