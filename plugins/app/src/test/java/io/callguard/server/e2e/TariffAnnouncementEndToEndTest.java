package io.callguard.server.e2e;

import io.callguard.asterisk.fastagi.DecisionVariables;
import io.callguard.core.policy.Decision;
import io.callguard.core.time.MutableClock;
import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.callguard.testkit.agi.EmulatedAgiClient;
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
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tariff announcement (R9) end to end: the 08 numbers' charges and option set through the admin API over HTTP,
 * inbound calls decided over real FastAGI sessions (the emulated Asterisk), the whole callguard with the default
 * policy chain and its H2 store; AMI disabled (the announcement does not need it).
 */
class TariffAnnouncementEndToEndTest {
    private static final String NUMBERS = "/admin/v1/accounts/acme/numbers";
    private static final String PREMIUM = "0899123456";

    @TempDir Path dir;
    Vertx vertx;
    MutableClock clock;
    CallguardApp app;
    WebClient http;
    EmulatedAgiClient asterisk;
    private final AtomicInteger sequence = new AtomicInteger();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        clock = new MutableClock(TestApps.T0);
        // A deadline far above the decision time: a deadline verdict carries no announcement and would hide a bug.
        app = TestApps.start(TestApps.config(dir, Map.of("CALLGUARD_FASTAGI_DECISION_DEADLINE", "5s")), clock);
        http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.adminPort()));
        asterisk = new EmulatedAgiClient(vertx);
        send(HttpMethod.POST, "/admin/v1/accounts", new JsonObject().put("id", "acme").put("name", "Acme SARL"), null, 201);
        send(HttpMethod.POST, "/admin/v1/accounts/acme/trunks", new JsonObject().put("id", "trunk-a").put("kind", "T2_IP"),
                null, 201);
    }

    @AfterEach
    void stop() {
        if (http != null) http.close();
        if (app != null) await(app.stop());
        if (asterisk != null) await(asterisk.close());
        if (vertx != null) await(vertx.close());
    }

    private HttpResponse<Buffer> send(HttpMethod method, String path, JsonObject body, String actor, int expected) {
        HttpRequest<Buffer> request = http.request(method, path).bearerTokenAuthentication(TestApps.TOKEN);
        if (actor != null) request.putHeader("X-Callguard-Actor", actor);
        HttpResponse<Buffer> r = await(body == null ? request.send() : request.sendJsonObject(body));
        assertThat(r.statusCode()).as(method + " " + path + " " + r.bodyAsString()).isEqualTo(expected);
        return r;
    }

    private static JsonObject number(String number, Integer cents, String unit) {
        JsonObject n = new JsonObject().put("number", number).put("trunkId", "trunk-a");
        if (cents != null) n.put("chargeCents", cents);
        if (unit != null) n.put("chargeUnit", unit);
        return n;
    }

    private JsonObject create(JsonObject number) { return send(HttpMethod.POST, NUMBERS, number, null, 201).bodyAsJsonObject(); }

    /** An inbound call from the carrier to {@code dialled}, as Asterisk's callguard-inbound context asks it. */
    private AgiSessionResult inbound(String dialled) {
        int n = sequence.incrementAndGet();
        AgiSessionResult r = await(asterisk.run("127.0.0.1", app.fastAgiPort(), AgiEnvironment.inbound(
                String.format("PJSIP/carrier-%08x", n), "1736154000." + n, "", "0611111111", dialled)));
        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(r.variable(DecisionVariables.VERDICT)).as(dialled).isEqualTo("ALLOW");
        return r;
    }

    private JsonArray get(String path) { return send(HttpMethod.GET, path, null, null, 200).bodyAsJsonArray(); }

    @Test
    void anInboundCallTo0899At80CentsAMinuteNamesItsPromptUntilTheClientSwitchesTheOptionOff() {
        JsonObject created = create(number(PREMIUM, 80, "MINUTE"));
        assertThat(created.getBoolean("announcement")).isTrue();
        assertThat(created.getString("announcementOffAt")).isNull();
        assertThat(inbound(PREMIUM).variable(DecisionVariables.ANNOUNCEMENT)).isEqualTo("callguard/tariff/089-080-min");
        assertThat(get("/admin/v1/reports/announcement-off")).isEmpty();

        clock.advance(Duration.ofMinutes(5));
        JsonObject off = send(HttpMethod.PUT, NUMBERS + "/" + PREMIUM, number(PREMIUM, 80, "MINUTE").put("announcement", false),
                "José (back office)", 200).bodyAsJsonObject();
        assertThat(off.getBoolean("announcement")).isFalse();
        assertThat(off.getString("announcementOffAt")).isEqualTo(TestApps.T0.plus(Duration.ofMinutes(5)).toString());
        assertThat(off.getString("announcementOffBy")).isEqualTo("José (back office)");

        AgiSessionResult after = inbound(PREMIUM);
        assertThat(after.variable(DecisionVariables.ANNOUNCEMENT)).as("the client announces the tariff itself").isEmpty();
        assertThat(after.commands()).anySatisfy(c -> assertThat(c).contains("CALLGUARD_ANNOUNCEMENT="));

        JsonArray report = get("/admin/v1/reports/announcement-off");
        assertThat(report).hasSize(1);
        JsonObject listed = report.getJsonObject(0);
        assertThat(listed.getString("number")).isEqualTo(PREMIUM);
        assertThat(listed.getString("accountId")).isEqualTo("acme");
        assertThat(listed.getInteger("chargeCents")).isEqualTo(80);
        assertThat(listed.getString("announcementOffAt")).isEqualTo(off.getString("announcementOffAt"));
        assertThat(listed.getString("announcementOffBy")).isEqualTo("José (back office)");

        JsonObject entry = get("/admin/v1/audit?target=number:" + PREMIUM).getJsonObject(0);
        assertThat(entry.getString("action")).isEqualTo("number.update");
        assertThat(entry.getString("actor")).isEqualTo("José (back office)");
        assertThat(entry.getJsonObject("before").getBoolean("announcement")).isTrue();
        assertThat(entry.getJsonObject("after").getBoolean("announcement")).isFalse();
        assertThat(entry.getJsonObject("after").getString("announcementOffBy")).isEqualTo("José (back office)");
        assertThat(entry.getJsonObject("after").getInteger("chargeCents")).isEqualTo(80);
    }

    @Test
    void aSecondSwitchOffKeepsTheFirstAndSwitchingBackOnAnnouncesAgain() {
        create(number(PREMIUM, 80, "MINUTE").put("announcement", false));
        String firstAt = TestApps.T0.toString();
        clock.advance(Duration.ofHours(1));
        JsonObject again = send(HttpMethod.PUT, NUMBERS + "/" + PREMIUM,
                number(PREMIUM, 50, "MINUTE").put("announcement", false), "bob", 200).bodyAsJsonObject();
        assertThat(again.getString("announcementOffAt")).as("the first switch-off stands").isEqualTo(firstAt);
        assertThat(again.getString("announcementOffBy")).isEqualTo("admin");
        assertThat(again.getInteger("chargeCents")).isEqualTo(50);

        JsonObject on = send(HttpMethod.PUT, NUMBERS + "/" + PREMIUM, number(PREMIUM, 50, "MINUTE"), "bob", 200)
                .bodyAsJsonObject();
        assertThat(on.getBoolean("announcement")).isTrue();
        assertThat(on.getString("announcementOffAt")).isNull();
        assertThat(inbound(PREMIUM).variable(DecisionVariables.ANNOUNCEMENT)).isEqualTo("callguard/tariff/089-050-min");
        assertThat(get("/admin/v1/reports/announcement-off")).isEmpty();
    }

    @Test
    void aFreeNumberGetsNoAnnouncementAndA0821At20CentsACallGetsItsOwn() {
        JsonObject free = create(number("0800123456", null, null));
        assertThat(free.getInteger("chargeCents")).isZero();
        assertThat(free.getBoolean("announcement")).isTrue();
        create(number("0821123456", 20, "CALL"));

        assertThat(inbound("0800123456").variable(DecisionVariables.ANNOUNCEMENT)).isEmpty();
        assertThat(inbound("0821123456").variable(DecisionVariables.ANNOUNCEMENT)).isEqualTo("callguard/tariff/082-020-call");

        create(number("0198765432", null, null));
        AgiSessionResult ordinary = inbound("0198765432");
        assertThat(ordinary.variables()).as("no announcement for an ordinary number").doesNotContainKey(DecisionVariables.ANNOUNCEMENT);
    }

    @Test
    void theTariffPromptsListExactlyThePromptsInUse() {
        assertThat(get("/admin/v1/tariff-prompts")).as("no number yet").isEmpty();
        create(number(PREMIUM, 80, "MINUTE"));
        create(number("0899123457", 80, "MINUTE"));
        create(number("0821123456", 20, "CALL"));
        create(number("0810123456", 6, "MINUTE").put("announcement", false));
        create(number("0800123456", null, null));
        create(number("0807123456", null, null));
        create(number("0198765432", null, null));

        assertThat(get("/admin/v1/tariff-prompts")).containsExactly(
                new JsonObject().put("prompt", "callguard/tariff/082-020-call")
                        .put("text", "Service 0,20 € par appel plus prix d'un appel"),
                new JsonObject().put("prompt", "callguard/tariff/089-080-min")
                        .put("text", "Service 0,80 € par minute plus prix d'un appel"));

        send(HttpMethod.DELETE, NUMBERS + "/0821123456", null, null, 204);
        send(HttpMethod.PUT, NUMBERS + "/0810123456", number("0810123456", 6, "MINUTE"), null, 200);
        assertThat(get("/admin/v1/tariff-prompts")).extracting(o -> ((JsonObject) o).getString("prompt"))
                .containsExactly("callguard/tariff/081-006-min", "callguard/tariff/089-080-min");
        assertThat(inbound("0810123456").variable(DecisionVariables.ANNOUNCEMENT)).isEqualTo("callguard/tariff/081-006-min");
    }

    @Test
    void aNumbersTariffAndOptionSurviveARestart() {
        create(number(PREMIUM, 80, "MINUTE").put("announcement", false));
        create(number("0821123456", 20, "CALL"));
        await(app.stop());
        app = TestApps.start(TestApps.config(dir, Map.of("CALLGUARD_FASTAGI_DECISION_DEADLINE", "5s")), clock);
        http.close();
        http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.adminPort()));

        assertThat(inbound(PREMIUM).variable(DecisionVariables.ANNOUNCEMENT)).isEmpty();
        assertThat(inbound("0821123456").variable(DecisionVariables.ANNOUNCEMENT)).isEqualTo("callguard/tariff/082-020-call");
        JsonObject premium = send(HttpMethod.GET, NUMBERS + "/" + PREMIUM, null, null, 200).bodyAsJsonObject();
        assertThat(premium.getString("announcementOffAt")).isEqualTo(TestApps.T0.toString());
        assertThat(premium.getString("announcementOffBy")).isEqualTo("admin");
    }
}
