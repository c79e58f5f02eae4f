package io.callguard.server.e2e;

import io.callguard.core.time.MutableClock;
import io.callguard.hep.HepSender;
import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.callguard.server.config.Config;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trunks' sip-addresses over the admin API of the app (H2 store, HEP collector on): written, read back,
 * refused (400, 404, 409) without change, audited, kept across a restart, gone with their trunk; and R5 telling the
 * account of real HEP datagrams by them.
 */
@ExtendWith(VertxExtension.class)
class TrunkSipAddressesEndToEndTest {
    private static final String ACME_T0 = "/admin/v1/trunks/acme-t0/sip-addresses";
    @TempDir Path dir;
    private final MutableClock clock = new MutableClock(TestApps.T0);
    private Config config;
    private CallguardApp app;
    private WebClient client;

    private void start(Vertx vertx) {
        config = TestApps.config(dir, Map.of("CALLGUARD_HEP_ENABLED", "true", "CALLGUARD_HEP_PORT", "0"));
        app = TestApps.start(config, clock);
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.adminPort()));
    }

    private void restart(Vertx vertx) {
        client.close();
        await(app.stop());
        start(vertx);
    }

    @AfterEach
    void stop() {
        if (client != null) client.close();
        if (app != null) await(app.stop());
    }

    private HttpResponse<Buffer> call(HttpMethod method, String path, Object body) {
        HttpRequest<Buffer> r = client.request(method, path).bearerTokenAuthentication(TestApps.TOKEN)
                .putHeader("X-Callguard-Actor", "alice");
        if (body == null) return await(r.send());
        if (body instanceof JsonObject json) return await(r.sendJsonObject(json));
        return await(r.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer((String) body)));
    }

    private HttpResponse<Buffer> expect(HttpResponse<Buffer> r, int status) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        return r;
    }

    private HttpResponse<Buffer> put(String trunk, String... addresses) {
        return call(HttpMethod.PUT, "/admin/v1/trunks/" + trunk + "/sip-addresses",
                new JsonObject().put("addresses", new JsonArray(List.of((Object[]) addresses))));
    }

    private JsonArray addresses(String path) {
        return expect(call(HttpMethod.GET, path, null), 200).bodyAsJsonObject().getJsonArray("addresses");
    }

    /** The field errors of a 400 validation problem, as "field: message". */
    private static List<String> fieldErrors(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
        JsonArray errors = r.bodyAsJsonObject().getJsonArray("errors");
        return errors.stream().map(e -> ((JsonObject) e).getString("field") + ": " + ((JsonObject) e).getString("message")).toList();
    }

    private void seed() {
        for (String a : List.of("acme", "globex")) {
            expect(call(HttpMethod.POST, "/admin/v1/accounts", new JsonObject().put("id", a).put("name", a)), 201);
        }
        for (String t : List.of("acme-t0", "acme-t2", "globex-t0")) {
            expect(call(HttpMethod.POST, "/admin/v1/accounts/" + t.substring(0, t.indexOf('-')) + "/trunks",
                    new JsonObject().put("id", t).put("kind", "T0_IP")), 201);
        }
    }

    @Test
    void sipAddressesAreWrittenReadRefusedAuditedKeptAndGoWithTheirTrunk(Vertx vertx) {
        start(vertx);
        seed();
        assertThat(expect(call(HttpMethod.GET, ACME_T0, null), 200).bodyAsJsonObject()).isEqualTo(new JsonObject()
                .put("trunkId", "acme-t0").put("accountId", "acme").put("addresses", new JsonArray()));

        JsonObject written = expect(put("acme-t0", "203.0.113.5", "198.51.100.0/28", "2001:db8::1", "203.0.113.5"), 200)
                .bodyAsJsonObject();
        JsonObject expected = new JsonObject().put("trunkId", "acme-t0").put("accountId", "acme").put("addresses",
                new JsonArray(List.of("203.0.113.5", "198.51.100.0/28", "2001:db8:0:0:0:0:0:1")));
        assertThat(written).isEqualTo(expected);
        assertThat(expect(call(HttpMethod.GET, ACME_T0, null), 200).bodyAsJsonObject()).isEqualTo(expected);

        // refused, nothing changed
        assertThat(fieldErrors(put("acme-t0", "sip.example.com"))).singleElement().asString()
                .startsWith("addresses: [0] 'sip.example.com' is not an IP address");
        assertThat(fieldErrors(put("acme-t0", "203.0.113.5", "198.51.100.0/33"))).singleElement().asString()
                .startsWith("addresses: [1] '198.51.100.0/33': bad prefix length");
        String[] many = IntStream.range(0, 65).mapToObj(i -> "10.0.0." + i).toArray(String[]::new);
        assertThat(fieldErrors(put("acme-t0", many))).containsExactly("addresses: at most 64 entries, got 65");
        assertThat(fieldErrors(call(HttpMethod.PUT, ACME_T0, new JsonObject().put("addresses", "203.0.113.5"))))
                .singleElement().asString().startsWith("addresses: required");
        assertThat(fieldErrors(call(HttpMethod.PUT, ACME_T0, new JsonObject().put("addresses", new JsonArray())
                .put("adresses", new JsonArray())))).singleElement().asString().startsWith("adresses: unknown field");
        expect(call(HttpMethod.PUT, ACME_T0, "{\"addresses\": ["), 400);
        expect(call(HttpMethod.GET, "/admin/v1/trunks/ghost/sip-addresses", null), 404);
        expect(put("ghost", "192.0.2.9"), 404);
        assertThat(expect(call(HttpMethod.GET, ACME_T0, null), 200).bodyAsJsonObject()).isEqualTo(expected);

        // another account's trunk may not hold them (exact or overlapping); the same account's may
        HttpResponse<Buffer> taken = expect(put("globex-t0", "192.0.2.9", "198.51.100.9"), 409);
        assertThat(taken.bodyAsJsonObject().getString("detail")).contains("'198.51.100.9'").contains("trunk 'acme-t0'");
        expect(put("globex-t0", "203.0.113.0/24"), 409);
        assertThat(addresses("/admin/v1/trunks/globex-t0/sip-addresses")).isEmpty();
        expect(put("acme-t2", "203.0.113.5", "198.51.100.0/24"), 200);
        expect(put("globex-t0", "192.0.2.9"), 200);

        JsonObject audited = expect(call(HttpMethod.GET, "/admin/v1/audit?target=trunk:acme-t0&limit=1", null), 200)
                .bodyAsJsonArray().getJsonObject(0);
        assertThat(audited.getString("action")).isEqualTo("trunk.sip-addresses");
        assertThat(audited.getString("actor")).isEqualTo("alice");
        assertThat(audited.getJsonObject("before").getJsonArray("addresses")).isEmpty();
        assertThat(audited.getJsonObject("after").getJsonArray("addresses")).isEqualTo(expected.getJsonArray("addresses"));

        restart(vertx);
        assertThat(expect(call(HttpMethod.GET, ACME_T0, null), 200).bodyAsJsonObject()).as("read back from the store")
                .isEqualTo(expected);

        // the trunk deleted: its addresses go with it, a trunk created again with its id has none
        expect(call(HttpMethod.DELETE, "/admin/v1/accounts/acme/trunks/acme-t0", null), 204);
        expect(call(HttpMethod.GET, ACME_T0, null), 404);
        expect(call(HttpMethod.POST, "/admin/v1/accounts/acme/trunks", new JsonObject().put("id", "acme-t0").put("kind", "T0_IP")), 201);
        assertThat(addresses(ACME_T0)).isEmpty();
        expect(put("globex-t0", "192.0.2.9", "2001:db8::1"), 200); // acme-t0's address is free again
        restart(vertx);
        assertThat(addresses(ACME_T0)).as("not in the store either").isEmpty();
    }

    @Test
    void r5CountsTheTransactionsOfATrunksAddressesForItsAccount(Vertx vertx) throws Exception {
        start(vertx);
        seed();
        expect(put("acme-t0", "198.51.100.0/28"), 200);
        expect(put("globex-t0", "203.0.113.7"), 200);
        long second = TestApps.T0.getEpochSecond();
        try (HepSender sender = new HepSender("127.0.0.1", app.hepPort())) {
            // 30 new transactions in one second from globex's address, then 31 from two addresses of acme's range (an
            // alert of globex's would be audited before acme's: one thread, in order)
            for (int i = 0; i < 30; i++) sender.send(HepSender.hep("203.0.113.7", HepSender.options(100 + i), second, i * 16_000L));
            for (int i = 0; i < 31; i++) {
                sender.send(HepSender.hep("198.51.100." + (1 + i % 2), HepSender.options(i), second, i * 16_000L));
            }
        }
        TestApps.until(vertx, "acme's R5 alert audited", Duration.ofSeconds(10), () -> !alerts("acme").isEmpty());
        // the traffic module runs in the app: its SIP_TRANSACTION_RATE rule (default alert) audits the crossing
        JsonObject alert = alerts("acme").getJsonObject(0);
        assertThat(alert.getJsonObject("after").getString("rule")).isEqualTo("SIP_TRANSACTION_RATE");
        assertThat(alert.getJsonObject("after").getJsonObject("figures").getString("sourceAddress")).startsWith("198.51.100.");
        assertThat(alerts("globex")).as("30 is within R5").isEmpty();
    }

    private JsonArray alerts(String account) {
        JsonArray all = expect(call(HttpMethod.GET, "/admin/v1/audit?target=account:" + account, null), 200).bodyAsJsonArray();
        return new JsonArray(all.stream().filter(e -> "traffic.alert".equals(((JsonObject) e).getString("action"))).toList());
    }
}
