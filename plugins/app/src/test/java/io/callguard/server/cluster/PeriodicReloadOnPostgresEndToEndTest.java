package io.callguard.server.cluster;

import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.callguard.server.TestPostgresSchema;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.callguard.testkit.agi.EmulatedAgiClient;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The safety net: with {@code cluster.reloadInterval} at 1 s, an account and its trunk written in the PostgreSQL store
 * behind every node's back (no notification at all) decide the node's calls after the next reload.
 */
class PeriodicReloadOnPostgresEndToEndTest {
    private static final TestPostgresSchema PG = new TestPostgresSchema("cg_reload_");

    @TempDir Path dir;
    private CallguardApp app;
    private Vertx vertx;
    private EmulatedAgiClient agi;

    @AfterEach
    void stop() throws Exception {
        if (agi != null) await(agi.close());
        if (vertx != null) await(vertx.close());
        if (app != null) await(app.stop());
        if (PG.unavailable() == null) PG.drop();
    }

    private String decision(String endpoint, int n) {
        AgiSessionResult r = await(agi.run("127.0.0.1", app.fastAgiPort(), AgiEnvironment.outbound(
                "PJSIP/" + endpoint + "-" + String.format("%08x", n), "1765000100." + n, "", "0155555555", "0612345678")));
        return r.variable("CALLGUARD_VERDICT") + " " + r.variable("CALLGUARD_REASON");
    }

    @Test
    void whatNoNotificationToldIsReadAtTheNextPeriodicReload() throws Exception {
        if (PG.unavailable() != null && "true".equals(System.getenv("CI"))) fail(PG.unavailable() + ": CI=true makes this a failure");
        Assumptions.assumeTrue(PG.unavailable() == null, () -> PG.unavailable() + ": skipping; set CI=true to make this a failure");
        Map<String, String> env = new HashMap<>(PG.storeSettings());
        env.put("CALLGUARD_NODE_ID", "node-r");
        env.put("CALLGUARD_CLUSTER_RELOAD_INTERVAL", "1s");
        app = TestApps.start(TestApps.config(dir, env));
        vertx = Vertx.vertx();
        agi = new EmulatedAgiClient(vertx);
        assertThat(decision("umbrella-t0", 1)).isEqualTo("DENY UNKNOWN_ACCOUNT");

        try (Connection c = PG.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO account (id, name, max_call_seconds) VALUES ('umbrella', 'Umbrella', 7200)");
            s.executeUpdate("INSERT INTO trunk (id, account_id, kind, channels) VALUES ('umbrella-t0', 'umbrella', 'T0_IP', 2)");
        }
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger(1);
        TestApps.until(vertx, "the node decides umbrella-t0's call after a periodic reload", Duration.ofSeconds(3),
                () -> decision("umbrella-t0", n.incrementAndGet()).startsWith("ALLOW"));
    }
}
