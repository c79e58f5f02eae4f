package io.callguard.server.e2e;

import io.callguard.core.time.MutableClock;
import io.callguard.hep.HepSender;
import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.callguard.server.config.Config;
import io.callguard.server.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The block list survives a restart of the app over its H2 store, and the nftables set file follows it: 61 OPTIONS
 * over HEP block an address (listed, written to the file), the app stops, the clock moves on, the app starts again
 * over the same store and lists the block with its first expiry, the file rewritten with the time left.
 */
@ExtendWith(VertxExtension.class)
class SipRatesRestartEndToEndTest {
    private static final String FLOODER = "198.51.100.61";
    private static final String FLUSHES = "flush set inet callguard blocked4\nflush set inet callguard blocked6\n";
    @TempDir Path dir;

    @Test
    void aBlockSurvivesARestartAndTheSetFileFollowsIt(Vertx vertx) throws Exception {
        Path nft = dir.resolve("callguard-blocked.nft");
        Config config = TestApps.config(dir, Map.of("CALLGUARD_HEP_ENABLED", "true", "CALLGUARD_HEP_PORT", "0",
                "CALLGUARD_SIP_RATES_NFTABLES_FILE", nft.toString()));
        MutableClock clock = new MutableClock(TestApps.T0);

        CallguardApp app = TestApps.start(config, clock);
        WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.adminPort()));
        try {
            TestApps.until(vertx, "the set file written at the start", Duration.ofSeconds(10),
                    () -> content(nft).equals(FLUSHES));
            long second = TestApps.T0.getEpochSecond();
            try (HepSender sender = new HepSender("127.0.0.1", app.hepPort())) {
                for (int i = 0; i < 61; i++) sender.send(HepSender.hep(FLOODER, HepSender.options(i), second, i * 16_000L));
            }
            TestApps.until(vertx, FLOODER + " in the set file", Duration.ofSeconds(10), () -> content(nft).equals(
                    FLUSHES + "add element inet callguard blocked4 { " + FLOODER + " timeout 600s }\n"));
            assertThat(items(client)).hasSize(1);
        } finally {
            client.close();
            await(app.stop());
        }

        clock.advance(Duration.ofMinutes(4));
        CallguardApp restarted = TestApps.start(config, clock);
        WebClient again = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(restarted.adminPort()));
        try {
            JsonArray items = items(again);
            assertThat(items).hasSize(1);
            assertThat(items.getJsonObject(0).getString("address")).isEqualTo(FLOODER);
            assertThat(items.getJsonObject(0).getString("since")).isEqualTo(TestApps.T0.toString());
            assertThat(items.getJsonObject(0).getString("until")).isEqualTo(TestApps.T0.plus(Duration.ofMinutes(10)).toString());
            TestApps.until(vertx, "the set file rewritten at the restart", Duration.ofSeconds(10), () -> content(nft).equals(
                    FLUSHES + "add element inet callguard blocked4 { " + FLOODER + " timeout 360s }\n"));
        } finally {
            again.close();
            await(restarted.stop());
        }
    }

    @Test
    void aSetFileInAMissingDirectoryRefusesTheStartNamingTheKey() {
        Path missing = dir.resolve("no-such-dir").resolve("blocked.nft");
        assertThatThrownBy(() -> TestApps.config(dir, Map.of("CALLGUARD_SIP_RATES_NFTABLES_FILE", missing.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sipRates.nftablesFile: must be in an existing directory")
                .hasMessageContaining("(from CALLGUARD_SIP_RATES_NFTABLES_FILE)");
    }

    private static String content(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (Exception e) {
            return ""; // replaced while read: the next poll sees it
        }
    }

    private static JsonArray items(WebClient client) {
        HttpResponse<Buffer> r = await(client.get("/admin/v1/blocked-addresses").bearerTokenAuthentication(TestApps.TOKEN).send());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("items");
    }
}
