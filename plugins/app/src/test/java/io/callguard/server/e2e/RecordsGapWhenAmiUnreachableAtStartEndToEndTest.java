package io.callguard.server.e2e;

import io.callguard.core.time.MutableClock;
import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.callguard.testkit.ami.EmulatedAmiServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, "gaps are recorded": a callguard that starts while Asterisk's AMI refuses connections cannot see the calls
 * that end meanwhile. The restart's gap entry therefore runs from the last durable record's end to the first
 * resynchronisation once AMI answers, not to the start: a whole callguard on an H2 file, the emulated AMI killed
 * between two runs and started again 30 s (by callguard's clock) after the second run's start.
 */
class RecordsGapWhenAmiUnreachableAtStartEndToEndTest {
    private static final String USER = "callguard";
    private static final String SECRET = "ami-secret-0123";

    @TempDir Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final MutableClock clock = new MutableClock(TestApps.T0);
    private final EmulatedAmiServer asterisk = new EmulatedAmiServer(vertx, USER, SECRET);
    private CallguardApp app;

    @AfterEach
    void stop() {
        if (app != null) await(app.stop());
        await(asterisk.close());
        await(vertx.close());
    }

    private CallguardApp launch() {
        Map<String, String> env = new HashMap<>(Map.of(
                "CALLGUARD_AMI_ENABLED", "true",
                "CALLGUARD_AMI_PORT", Integer.toString(asterisk.port()),
                "CALLGUARD_AMI_USERNAME", USER,
                "CALLGUARD_AMI_SECRET", SECRET,
                "CALLGUARD_AMI_RECONNECT_MIN", "20ms",
                "CALLGUARD_AMI_RECONNECT_MAX", "100ms",
                "CALLGUARD_AMI_CONNECT_TIMEOUT", "1s",
                "CALLGUARD_RECORDS_NODE", "gap-node",
                "CALLGUARD_RECORDS_WRITE_INTERVAL", "20ms"));
        return TestApps.start(TestApps.config(dir, env), clock);
    }

    private long checked() {
        WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(app.adminPort()));
        try {
            JsonObject v = await(http.get("/admin/v1/records/verify").bearerTokenAuthentication(TestApps.TOKEN).send())
                    .bodyAsJsonObject();
            assertThat(v.getBoolean("ok")).as(v.encode()).isTrue();
            return v.getLong("checked");
        } finally {
            http.close();
        }
    }

    private void until(String what, java.util.function.BooleanSupplier condition) {
        TestApps.until(vertx, what, Duration.ofSeconds(10), condition);
    }

    /** The chain's gap entries: from, to, reason. */
    private List<String> gaps() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("callguard").toAbsolutePath()
                + ";MODE=PostgreSQL", "sa", "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT started_at, gap_to, gap_reason FROM record_entry WHERE kind = 'GAP' ORDER BY seq")) {
            while (r.next()) {
                out.add(r.getObject(1, java.time.OffsetDateTime.class).toInstant() + " " + r.getObject(2,
                        java.time.OffsetDateTime.class).toInstant() + " " + r.getString(3));
            }
        }
        return out;
    }

    @Test
    void aStartWhileAmiRefusesConnectionsWritesOneGapUpToTheFirstResynchronisation() throws Exception {
        await(asterisk.start());
        app = launch();
        until("AMI logged in and resynchronised", () -> !asterisk.actionsReceived("CoreShowChannels").isEmpty());
        String id = asterisk.nextUniqueId();
        await(asterisk.addChannel(id, id, "PJSIP/acme-trunk-00000001", "acme", "0140000000", "0612345678", "Ring"));
        clock.advance(Duration.ofSeconds(5));
        await(asterisk.hangup(id, 16));
        Instant lastEnd = clock.instant();
        until("the call's record stored", () -> checked() == 1);

        await(app.stop());
        app = null;
        await(asterisk.kill()); // Asterisk's AMI refuses connections from now on
        clock.advance(Duration.ofSeconds(60));
        app = launch(); // starts all the same: AMI is retried in the background
        clock.advance(Duration.ofSeconds(30)); // calls end unseen while AMI stays unreachable
        Instant resync = clock.instant();
        int syncs = asterisk.actionsReceived("CoreShowChannels").size();
        await(asterisk.restart());
        until("AMI logged in again and resynchronised", () -> asterisk.actionsReceived("CoreShowChannels").size() > syncs);
        until("the restart's gap stored", () -> checked() == 2);

        assertThat(gaps()).containsExactly(lastEnd + " " + resync + " RESTART");
    }
}
