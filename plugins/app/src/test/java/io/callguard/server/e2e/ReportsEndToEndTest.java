package io.callguard.server.e2e;

import io.callguard.testkit.agi.AgiEnvironment;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 end to end, nothing stubbed: an 08 number and its share rate written over the admin API, an inbound call
 * to it decided over FastAGI by the emulated Asterisk, answered and hung up over AMI on callguard's clock, its record
 * stored (H2, V17's tables beside it), then the revenue share (JSON, CSV), a range and its use, and the printable
 * statement read over real HTTP.
 */
class ReportsEndToEndTest extends CapsEndToEndFixture {
    private static final String N089 = "0899123456";

    @Override
    Map<String, String> settings() { return Map.of("CALLGUARD_RECORDS_WRITE_INTERVAL", "20ms"); }

    /** An inbound call from the carrier to {@code did}; when allowed, Asterisk dials the client on trunk-a. */
    private Call inboundTo(String did) {
        String id = asterisk.nextUniqueId();
        String channel = nextChannel("carrier");
        return call(asterisk.addChannel(id, id, channel, "", "0611111111", did, "Ring")
                .compose(v -> agi.run("127.0.0.1", app.fastAgiPort(), AgiEnvironment.inbound(channel, id, "", "0611111111", did)))
                .compose(r -> {
                    String leg = asterisk.nextUniqueId();
                    return asterisk.addChannel(leg, id, nextChannel(TRUNK), "acme", "0611111111", did, "Ringing")
                            .map(v -> new Call(id, channel, r, leg));
                }));
    }

    @Test
    void aCallToAnO89NumberEarnsItsShareShownAsJsonCsvAndAPrintableStatement() throws Exception {
        send("POST", "/admin/v1/accounts/acme/numbers", new JsonObject().put("number", N089).put("trunkId", TRUNK)
                .put("chargeCents", 80).put("chargeUnit", "MINUTE"), 201);
        send("PUT", "/admin/v1/revenue-share/rates/089", new JsonObject().put("ratePercent", 50), 200);
        send("POST", "/admin/v1/accounts/acme/ranges", new JsonObject().put("first", "0198765400").put("size", 100), 201);

        Call c = inboundTo(N089);
        assertThat(c.verdict()).isEqualTo("ALLOW");
        await(asterisk.answer(c.dialledLeg()));
        until("the answer is heard", () -> send("GET", "/admin/v1/calls", null, 200).bodyAsJsonArray().stream()
                .anyMatch(o -> ((JsonObject) o).getString("answeredAt") != null));
        clock.advance(Duration.ofSeconds(300));
        hangup(c, 16);
        Call plain = inboundTo(DID); // a call to the range's number 0198765432: the number is used
        hangup(plain, 16);

        until("the records are stored", () -> send("GET", "/admin/v1/reports/revenue-share?month=2025-01", null, 200)
                .bodyAsJsonObject().getJsonArray("accounts").size() == 1);
        JsonObject acme = send("GET", "/admin/v1/reports/revenue-share?month=2025-01", null, 200).bodyAsJsonObject()
                .getJsonArray("accounts").getJsonObject(0);
        assertThat(acme.getString("earnedCents")).isEqualTo("200.0000");
        assertThat(acme.getString("status")).isEqualTo("CARRIED_OVER");
        JsonObject line = acme.getJsonArray("lines").getJsonObject(0);
        assertThat(line.getString("number")).isEqualTo(N089);
        assertThat(line.getLong("billableSeconds")).isEqualTo(300L);
        assertThat(line.getString("collectedCents")).isEqualTo("400.0000");

        HttpResponse<Buffer> csv = send("GET", "/admin/v1/reports/revenue-share?month=2025-01&format=csv", null, 200);
        assertThat(csv.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
        assertThat(csv.bodyAsString()).contains("\r\n2025-01,LINE,acme,Acme SARL,0899123456,089,80,MINUTE,1,0,300,5.00,400.0000,50.00,TIER,200.0000,");

        until("the call to the range's number is stored", () -> send("GET", "/admin/v1/reports/ranges", null, 200)
                .bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getLong("used") == 1L);
        JsonArray ranges = send("GET", "/admin/v1/reports/ranges", null, 200).bodyAsJsonObject().getJsonArray("items");
        assertThat(ranges.getJsonObject(0).getLong("assigned")).isEqualTo(1L);
        assertThat(ranges.getJsonObject(0).getLong("used")).isEqualTo(1L);
        assertThat(ranges.getJsonObject(0).getBoolean("underused")).isTrue();

        HttpResponse<Buffer> page = send("GET", "/admin/v1/reports/statement?account=acme&month=2025-01", null, 200);
        assertThat(page.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
        Document doc = Jsoup.parse(page.bodyAsString());
        assertThat(doc.select("#earned").text()).isEqualTo("2.00 €");
        assertThat(doc.select("#status").attr("data-status")).isEqualTo("CARRIED_OVER");
        assertThat(doc.select("#range-lines tr.range td").eachText()).contains("0198765400", "1.00 %");
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        JsonObject month = send("GET", "/admin/v1/reports/revenue-share?month=2026-13", null, 400).bodyAsJsonObject();
        assertThat(month.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("month");
        JsonObject format = send("GET", "/admin/v1/reports/ranges?format=xml", null, 400).bodyAsJsonObject();
        assertThat(format.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("format");
        send("GET", "/admin/v1/reports/statement?account=nobody&month=2026-11", null, 404);
        JsonObject noAccount = send("GET", "/admin/v1/reports/statement?month=2026-11", null, 400).bodyAsJsonObject();
        assertThat(noAccount.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("account");
        send("POST", "/admin/v1/accounts/acme/ranges", new JsonObject().put("first", "0198765400").put("size", 100), 201);
        send("POST", "/admin/v1/accounts", new JsonObject().put("id", "globex").put("name", "Globex"), 201);
        send("POST", "/admin/v1/accounts/globex/ranges", new JsonObject().put("first", "0198765450").put("last", "0198765549"), 409);
        JsonObject bad = send("POST", "/admin/v1/accounts/globex/ranges", new JsonObject().put("first", "019876").put("size", 1), 400)
                .bodyAsJsonObject();
        assertThat(bad.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("first");
        send("POST", "/admin/v1/accounts/nobody/ranges", new JsonObject().put("first", "0298765400").put("size", 1), 404);
        send("POST", "/admin/v1/reports/revenue-share/close?month=2999-01", null, 409);
    }
}
