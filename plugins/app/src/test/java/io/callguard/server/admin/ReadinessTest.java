package io.callguard.server.admin;

import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ReadinessTest {
    @TempDir Path dir;

    @Test
    void readyIs503WithAmiDownWhileAsteriskIsUnreachableButHealthStaysUp(Vertx vertx) throws Exception {
        // Port 1 (tcpmux): nothing listens there, and unlike a port just freed from the ephemeral range it cannot
        // be re-bound by another test process or let the retrying client connect to itself.
        int closedPort = 1;
        CallguardApp app = TestApps.start(TestApps.config(dir, Map.of(
                "CALLGUARD_AMI_ENABLED", "true",
                "CALLGUARD_AMI_SECRET", "secret",
                "CALLGUARD_AMI_PORT", Integer.toString(closedPort),
                "CALLGUARD_AMI_RECONNECT_MIN", "50ms",
                "CALLGUARD_AMI_RECONNECT_MAX", "200ms",
                "CALLGUARD_AMI_CONNECT_TIMEOUT", "500ms")));
        WebClient client = WebClient.create(vertx);
        try {
            HttpResponse<Buffer> ready = await(client.get(app.adminPort(), "127.0.0.1", "/ready").send());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.bodyAsJsonObject())
                    .isEqualTo(new JsonObject().put("status", "DOWN").put("store", "UP").put("ami", "DOWN").put("state", "LOCAL"));

            HttpResponse<Buffer> health = await(client.get(app.adminPort(), "127.0.0.1", "/health").send());
            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            client.close();
            await(app.stop());
        }
    }
}
