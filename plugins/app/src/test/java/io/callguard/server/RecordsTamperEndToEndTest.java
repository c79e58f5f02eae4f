package io.callguard.server;

import io.callguard.core.control.CallEvent;
import io.callguard.core.time.MutableClock;
import io.callguard.records.build.CallRecordBuilder;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 14's tamper checks on a real store (a subclass per store), past the store's own guards as a superuser would go:
 * a whole callguard writes 30 call records through its record chain (signed checkpoints every 10), then the database
 * is changed behind its back. One record's {@code callee_dialled} edited by UPDATE: {@code verify-records} (the CLI,
 * on the same store and key) and {@code GET /admin/v1/records/verify} both name that record's seq. The edit undone:
 * both say intact again. The last 10 rows deleted: both report a tail shorter than the last signed checkpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RecordsTamperEndToEndTest {
    static final String NODE = "tamper-node";
    static final int CALLS = 30;
    static final long EDITED_SEQ = 7;

    Path dir;
    Map<String, String> env;
    CallguardApp app;
    final HttpClient http = HttpClient.newHttpClient();

    /** The store settings (CALLGUARD_STORE_*) for a callguard whose files go under {@code dir}. */
    abstract Map<String, String> storeSettings(Path dir);

    /** Why the store cannot be used here (the tests skip, or fail under CI=true), null when it can. */
    abstract String unavailable();

    /** A connection to the same database as callguard's, as a user that may get past the append-only guard. */
    abstract Connection connectAsSuperuser() throws SQLException;

    /** Lifts the store's append-only guard of {@code record_entry} for what {@code c} runs next (this store's way). */
    abstract void bypassGuards(Connection c) throws SQLException;

    /** Runs once callguard has stopped: a store of its own is dropped here. */
    void dropStore() throws SQLException { }

    @BeforeAll
    void writeRecordsThroughCallguard() throws Exception {
        if (unavailable() != null) {
            if ("true".equals(System.getenv("CI"))) fail(unavailable() + ": CI=true makes this a failure");
            org.junit.jupiter.api.Assumptions.abort(unavailable() + ": skipping; set CI=true to make this a failure");
        }
        dir = Files.createTempDirectory("callguard-records-tamper");
        env = new HashMap<>(storeSettings(dir));
        env.put("CALLGUARD_RECORDS_NODE", NODE);
        env.put("CALLGUARD_RECORDS_CHECKPOINT_EVERY", "10");
        // checkpoints by count only (seq 10, 20, 30): the test's clock jumps 3 s per call, and a writer cycle that met
        // the first record after 60 s of that clock signed a time-due checkpoint at seq 1 (then 11, 21, never 30)
        env.put("CALLGUARD_RECORDS_CHECKPOINT_INTERVAL", "24h");
        env.put("CALLGUARD_RECORDS_WRITE_INTERVAL", "20ms");
        MutableClock clock = new MutableClock(TestApps.T0);
        app = TestApps.start(TestApps.config(dir, env), clock);
        // the CLI reads the server's environment: the same store, node and key
        env.put("CALLGUARD_ADMIN_TOKEN", TestApps.TOKEN);
        env.put("CALLGUARD_AMI_ENABLED", "false");
        env.put("CALLGUARD_RECORDS_SIGNING_KEY_FILE", dir.resolve("records-signing-key.pem").toAbsolutePath().toString());
        env.put("CALLGUARD_RECORDS_SPILL_DIR", dir.resolve("records-spill").toAbsolutePath().toString());

        // calls as the AMI stream tells them, each a record of the chain, through the real writer and store
        CallRecordBuilder builder = app.moduleService(CallRecordBuilder.class);
        for (int i = 1; i <= CALLS; i++) {
            String uid = "1700000000." + i;
            builder.onCallEvent(new CallEvent.ChannelCreated(uid, uid, "PJSIP/acme-trunk-" + i, "acme", "0140000000",
                    "06123456" + String.format("%02d", i), "Ring"));
            clock.advance(Duration.ofSeconds(3));
            builder.onCallEvent(new CallEvent.HungUp(uid, "PJSIP/acme-trunk-" + i, 16, null, null));
        }
        TestApps.until(app.vertx(), "the 30 records stored and signed at seq 30", Duration.ofSeconds(20), () -> {
            JsonObject v = verifyOverHttp();
            return v.getLong("checked") == CALLS && Long.valueOf(CALLS).equals(v.getLong("lastCheckpointSeq"));
        });
        assertThat(verifyOverHttp().getBoolean("ok")).isTrue();
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) TestApps.await(app.stop());
        if (dir != null) dropStore();
    }

    JsonObject verifyOverHttp() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.adminPort()
                            + "/admin/v1/records/verify")).header("Authorization", "Bearer " + TestApps.TOKEN).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return new JsonObject(r.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code java -jar callguard.jar verify-records} on the same store: its exit code and its line. */
    record Cli(int exit, String out, String err) { }

    Cli verifyRecords() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = RecordsCommands.run(new String[] {"verify-records"}, env, dir,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String callee(long seq) throws SQLException {
        try (Connection c = connectAsSuperuser();
             PreparedStatement p = c.prepareStatement("SELECT callee_dialled FROM record_entry WHERE node = ? AND seq = ?")) {
            p.setString(1, NODE);
            p.setLong(2, seq);
            try (ResultSet r = p.executeQuery()) {
                assertThat(r.next()).as("seq %d stored", seq).isTrue();
                return r.getString(1);
            }
        }
    }

    private int change(String sql) throws SQLException {
        try (Connection c = connectAsSuperuser()) {
            bypassGuards(c);
            try (Statement s = c.createStatement()) {
                return s.executeUpdate(sql);
            }
        }
    }

    @Test
    @Order(1)
    void theGuardRefusesAnUpdateOfARecord() throws SQLException {
        try (Connection c = connectAsSuperuser(); Statement s = c.createStatement()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.executeUpdate(
                    "UPDATE record_entry SET callee_dialled = '0899000000' WHERE node = '" + NODE + "' AND seq = 1"))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    @Order(2)
    void anUpdatedCalleeIsNamedByTheCliAndTheApiThenAnUndoneEditVerifiesAgain() throws SQLException {
        String original = callee(EDITED_SEQ);
        assertThat(change("UPDATE record_entry SET callee_dialled = '0899000000' WHERE node = '" + NODE
                + "' AND seq = " + EDITED_SEQ)).isEqualTo(1);

        Cli cli = verifyRecords();
        assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(RecordsCommands.EXIT_BROKEN);
        assertThat(cli.out()).contains("chain BROKEN at seq " + EDITED_SEQ + ": its hash does not match its content");
        JsonObject api = verifyOverHttp();
        assertThat(api.getBoolean("ok")).isFalse();
        assertThat(api.getLong("firstBroken")).isEqualTo(EDITED_SEQ);
        assertThat(api.getString("problem")).contains("hash does not match");

        // the verdict is about the content: the original callee back, the chain is whole again
        change("UPDATE record_entry SET callee_dialled = '" + original + "' WHERE node = '" + NODE + "' AND seq = " + EDITED_SEQ);
        assertThat(verifyRecords().exit()).isEqualTo(RecordsCommands.EXIT_OK);
        assertThat(verifyOverHttp().getBoolean("ok")).isTrue();
    }

    @Test
    @Order(3)
    void theLastTenRecordsDeletedAreATailShorterThanTheLastSignedCheckpoint() throws SQLException {
        assertThat(change("DELETE FROM record_entry WHERE node = '" + NODE + "' AND seq > " + (CALLS - 10))).isEqualTo(10);

        Cli cli = verifyRecords();
        assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(RecordsCommands.EXIT_BROKEN);
        assertThat(cli.out()).contains("chain BROKEN at seq " + (CALLS - 9))
                .contains("tail shorter than the last signed checkpoint (10 entries missing)");
        JsonObject api = verifyOverHttp();
        assertThat(api.getBoolean("ok")).isFalse();
        assertThat(api.getLong("firstBroken")).isEqualTo(CALLS - 9);
        assertThat(api.getString("problem")).contains("tail shorter than the last signed checkpoint");
        assertThat(api.getLong("lastCheckpointSeq")).isEqualTo(CALLS);
    }
}
