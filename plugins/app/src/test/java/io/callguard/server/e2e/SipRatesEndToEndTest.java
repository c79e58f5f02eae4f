package io.callguard.server.e2e;

import io.callguard.core.time.MutableClock;
import io.callguard.hep.HepSender;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app with its HEP collector on: 61 OPTIONS within one second (capture time) from one address over UDP → the
 * address is listed by {@code GET /admin/v1/blocked-addresses} with its expiry, and unblocked by its DELETE; another
 * address sending 60 is not listed.
 */
@ExtendWith(VertxExtension.class)
class SipRatesEndToEndTest {
    @TempDir Path dir;

    @Test
    void aFloodingAddressIsBlockedAndListedOverTheAdminApi(Vertx vertx) throws Exception {
        MutableClock clock = new MutableClock(TestApps.T0);
        CallguardApp app = TestApps.start(TestApps.config(dir, Map.of("CALLGUARD_HEP_ENABLED", "true",
                "CALLGUARD_HEP_PORT", "0")), clock);
        WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.adminPort()));
        try {
            long second = TestApps.T0.getEpochSecond();
            try (HepSender sender = new HepSender("127.0.0.1", app.hepPort())) {
                for (int i = 0; i < 60; i++) sender.send(HepSender.hep("198.51.100.60", HepSender.options(i), second, i * 16_000L));
                for (int i = 0; i < 61; i++) sender.send(HepSender.hep("198.51.100.61", HepSender.options(100 + i), second, i * 16_000L));
            }
            TestApps.until(vertx, "198.51.100.61 listed", Duration.ofSeconds(10),
                    () -> items(client).size() == 1);
            JsonObject blocked = items(client).getJsonObject(0);
            assertThat(blocked.getString("address")).isEqualTo("198.51.100.61");
            assertThat(blocked.getString("since")).isEqualTo(TestApps.T0.toString());
            assertThat(blocked.getString("until")).isEqualTo(TestApps.T0.plus(Duration.ofMinutes(10)).toString());

            HttpResponse<Buffer> deleted = await(client.request(HttpMethod.DELETE, "/admin/v1/blocked-addresses/198.51.100.61")
                    .bearerTokenAuthentication(TestApps.TOKEN).send());
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(items(client)).isEmpty();
            HttpResponse<Buffer> bad = await(client.request(HttpMethod.DELETE, "/admin/v1/blocked-addresses/nope")
                    .bearerTokenAuthentication(TestApps.TOKEN).send());
            assertThat(bad.statusCode()).isEqualTo(400);
        } finally {
            client.close();
            await(app.stop());
        }
    }

    private static JsonArray items(WebClient client) {
        HttpResponse<Buffer> r = await(client.get("/admin/v1/blocked-addresses").bearerTokenAuthentication(TestApps.TOKEN).send());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("items");
    }
}
