package io.callguard.records.retention;

import io.callguard.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The purge on PostgreSQL ({@code CALLGUARD_TEST_PG_URL}, default {@code jdbc:postgresql://127.0.0.1:5432/test} as
 * {@code postgres}), each test in a schema of its own that Flyway creates and the test drops. Skipped when PostgreSQL
 * is down, unless {@code CI=true}.
 */
class PostgresRecordPurgeTest extends SqlRecordPurgeContract {
    private static final String BASE_URL = env("CALLGUARD_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = env("CALLGUARD_TEST_PG_USER", "postgres");
    private static final String PASSWORD = env("CALLGUARD_TEST_PG_PASSWORD", "");
    private static String unavailable;
    private final String schema = "cg_purge_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeAll
    static void probePostgres() {
        try (Connection c = DriverManager.getConnection(BASE_URL, USER, PASSWORD)) {
            unavailable = null;
        } catch (SQLException e) {
            unavailable = "PostgreSQL not reachable at " + BASE_URL.replaceAll("\\?.*", "") + " (" + e.getMessage() + ")";
            if ("true".equals(System.getenv("CI"))) fail(unavailable + ": CI=true makes this a failure");
        }
    }

    @Override
    protected void assumeAvailable() {
        Assumptions.assumeTrue(unavailable == null, () -> unavailable + ": skipping; set CI=true to make this a failure");
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (unavailable != null) return;
        try (Connection c = DriverManager.getConnection(BASE_URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Override
    protected StoreOptions options() {
        return new StoreOptions(BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, USER, PASSWORD,
                2, Duration.ofSeconds(5));
    }


    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
