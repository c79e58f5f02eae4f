package io.callguard.server.admin;

import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tariff side of the admin API over real HTTP (R9): 08 charges checked against ARCEP's ceilings, the number's
 * tariff fields and the special-number report (the prompts in use: {@code TariffAnnouncementEndToEndTest}). One
 * callguard for the class; each test works in its own account.
 */
@ExtendWith(VertxExtension.class)
class TariffApiTest {
    @TempDir static Path dir;
    static CallguardApp app;
    static WebClient client;

    @BeforeAll
    static void start(Vertx vertx) {
        app = TestApps.start(TestApps.config(dir, Map.of()));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.adminPort()));
    }

    @AfterAll
    static void stop() {
        if (client != null) client.close();
        if (app != null) await(app.stop());
    }

    private static HttpResponse<Buffer> call(HttpMethod method, String path, JsonObject body) {
        var request = client.request(method, path).bearerTokenAuthentication(TestApps.TOKEN);
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    private static void account(String id) {
        assertThat(call(HttpMethod.POST, "/admin/v1/accounts", new JsonObject().put("id", id).put("name", id)).statusCode())
                .isEqualTo(201);
    }

    private static String numbers(String account) { return "/admin/v1/accounts/" + account + "/numbers"; }

    private static JsonObject number(String number, int cents, String unit) {
        return new JsonObject().put("number", number).put("chargeCents", cents).put("chargeUnit", unit);
    }

    /** The only field error of a 400: {@code [field, message]}. */
    private static List<String> refusal(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
        JsonArray errors = r.bodyAsJsonObject().getJsonArray("errors");
        assertThat(errors).as(r.bodyAsString()).hasSize(1);
        return List.of(errors.getJsonObject(0).getString("field"), errors.getJsonObject(0).getString("message"));
    }

    private static JsonArray list(String path) {
        HttpResponse<Buffer> r = call(HttpMethod.GET, path, null);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonArray();
    }

    @Test
    void chargesAboveTheCeilingOrOnAFreeNumberAreRefusedNamingTheFieldAndTheCeiling() {
        account("ceil");
        List<String> premium = refusal(call(HttpMethod.POST, numbers("ceil"), number("0899123456", 90, "MINUTE")));
        assertThat(premium.get(0)).isEqualTo("chargeCents");
        assertThat(premium.get(1)).contains("0.80 €/min", "0.90 €/min");

        for (String free : List.of("0800123456", "0805123456")) {
            List<String> r = refusal(call(HttpMethod.POST, numbers("ceil"), number(free, 1, "CALL")));
            assertThat(r.get(0)).as(free).isEqualTo("chargeCents");
            assertThat(r.get(1)).as(free).contains("ceiling 0.00 €", "free to the caller");
        }
        List<String> normal = refusal(call(HttpMethod.POST, numbers("ceil"), number("0807123456", 5, "MINUTE")));
        assertThat(normal).containsExactly("chargeCents", normal.get(1));
        assertThat(normal.get(1)).contains("ceiling 0.00 €");

        List<String> missing = refusal(call(HttpMethod.POST, numbers("ceil"), new JsonObject().put("number", "0899123456")));
        assertThat(missing.get(0)).isEqualTo("chargeCents");
        assertThat(missing.get(1)).contains("0.80 €/min", "3.00 €/call");
        assertThat(refusal(call(HttpMethod.POST, numbers("ceil"), new JsonObject().put("number", "0899123456")
                .put("chargeCents", 80))).get(0)).isEqualTo("chargeUnit");
        assertThat(refusal(call(HttpMethod.POST, numbers("ceil"), number("0899123456", 80, "HOUR"))).get(0))
                .isEqualTo("chargeUnit");
        assertThat(refusal(call(HttpMethod.POST, numbers("ceil"), number("0899123456", -1, "MINUTE"))).get(0))
                .isEqualTo("chargeCents");
        assertThat(refusal(call(HttpMethod.POST, numbers("ceil"), number("0198765432", 10, "MINUTE"))).get(0))
                .as("an ordinary number takes no charge").isEqualTo("chargeCents");
        assertThat(refusal(call(HttpMethod.POST, numbers("ceil"), new JsonObject().put("number", "0198765432")
                .put("announcement", false))).get(0)).isEqualTo("announcement");
        assertThat(refusal(call(HttpMethod.POST, numbers("ceil"), new JsonObject().put("number", "0198765432")
                .put("chargeCents", 0))).get(0)).as("the field the body gave").isEqualTo("chargeCents");
        assertThat(list(numbers("ceil"))).as("nothing refused was stored").isEmpty();

        assertThat(call(HttpMethod.POST, numbers("ceil"), number("0899123456", 80, "MINUTE")).statusCode()).isEqualTo(201);
        List<String> raised = refusal(call(HttpMethod.PUT, numbers("ceil") + "/0899123456", number("0899123456", 90, "MINUTE")));
        assertThat(raised.get(1)).contains("0.80 €/min");
        assertThat(app.directory().number("0899123456").orElseThrow().tariff())
                .as("a refused change leaves the number as it was").isEqualTo(SpecialTariff.of(80, ChargeUnit.MINUTE));
    }

    @Test
    void anOrdinaryNumberShowsNoTariffFieldsAndAn08NumberShowsAllOfThem() {
        account("shape");
        JsonObject ordinary = call(HttpMethod.POST, numbers("shape"), new JsonObject().put("number", "0198765431"))
                .bodyAsJsonObject();
        assertThat(ordinary.fieldNames()).containsExactlyInAnyOrder("number", "accountId", "trunkId");
        JsonObject perCall = call(HttpMethod.POST, numbers("shape"), number("0892123456", 300, "CALL")).bodyAsJsonObject();
        assertThat(perCall).isEqualTo(new JsonObject().put("number", "0892123456").put("accountId", "shape")
                .put("trunkId", null).put("chargeCents", 300).put("chargeUnit", "CALL").put("announcement", true)
                .put("announcementOffAt", null).put("announcementOffBy", null));
    }

    @Test
    void theSpecialNumbersReportListsEvery08NumberWithWhatItsCallersHear() {
        account("report");
        call(HttpMethod.POST, numbers("report"), number("0899323456", 80, "MINUTE"));
        call(HttpMethod.POST, numbers("report"), new JsonObject().put("number", "0806323456"));
        call(HttpMethod.POST, numbers("report"), new JsonObject().put("number", "0198323456"));

        List<JsonObject> mine = list("/admin/v1/special-numbers").stream().map(o -> (JsonObject) o)
                .filter(o -> "report".equals(o.getString("accountId"))).toList();
        assertThat(mine).extracting(o -> o.getString("number")).containsExactly("0806323456", "0899323456");
        assertThat(mine.get(0).getString("category")).isEqualTo("SPECIAL_NORMAL");
        assertThat(mine.get(0).getString("prompt")).isEmpty();
        assertThat(mine.get(1)).isEqualTo(new JsonObject().put("number", "0899323456").put("accountId", "report")
                .put("category", "SPECIAL_SURCHARGED").put("chargeCents", 80).put("chargeUnit", "MINUTE")
                .put("announcement", true).put("announcementOffAt", null).put("announcementOffBy", null)
                .put("prompt", "callguard/tariff/089-080-min").put("tariffMissing", false));
    }

    @Test
    void theTariffRoutesNeedTheAdminToken() {
        for (String path : List.of("/admin/v1/tariff-prompts", "/admin/v1/special-numbers", "/admin/v1/reports/announcement-off")) {
            assertThat(await(client.get(path).send()).statusCode()).as(path).isEqualTo(401);
        }
    }
}
