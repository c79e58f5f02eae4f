package io.callguard.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * {@link RecordsTamperEndToEndTest} on the PostgreSQL of this machine ({@code CALLGUARD_TEST_PG_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres}), in a schema of its own that Flyway creates
 * through {@code currentSchema} and this class drops. Skipped when PostgreSQL is down, unless {@code CI=true}. The
 * guard is a trigger; a superuser's session with {@code session_replication_role = replica} fires none.
 */
class RecordsTamperOnPostgresEndToEndTest extends RecordsTamperEndToEndTest {
    private static final String BASE_URL = env("CALLGUARD_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = env("CALLGUARD_TEST_PG_USER", "postgres");
    private static final String PASSWORD = env("CALLGUARD_TEST_PG_PASSWORD", "");
    private static final String SCHEMA = "cg_tamper_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String UNAVAILABLE = probe();

    private static String probe() {
        try {
            connect(BASE_URL).close();
            return null;
        } catch (SQLException e) {
            return "PostgreSQL not reachable at " + BASE_URL.replaceAll("\\?.*", "") + " (" + e.getMessage() + ")";
        }
    }

    @Override Map<String, String> storeSettings(Path dir) {
        return Map.of("CALLGUARD_STORE_JDBC_URL", withSchema(BASE_URL), "CALLGUARD_STORE_USERNAME", USER,
                "CALLGUARD_STORE_PASSWORD", PASSWORD);
    }

    @Override String unavailable() { return UNAVAILABLE; }

    @Override Connection connectAsSuperuser() throws SQLException { return connect(withSchema(BASE_URL)); }

    @Override void bypassGuards(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
        }
    }

    @Override void dropStore() throws SQLException {
        try (Connection c = connect(BASE_URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private static String withSchema(String url) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    private static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "3");
        return DriverManager.getConnection(url, properties);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
