package io.callguard.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * A throw-away schema on the PostgreSQL of this machine for the app's end-to-end tests: {@code CALLGUARD_TEST_PG_URL}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/test}), {@code CALLGUARD_TEST_PG_USER} ({@code postgres}) and
 * {@code CALLGUARD_TEST_PG_PASSWORD}. Flyway creates the schema through {@code currentSchema}; {@link #drop} removes
 * it. {@link #unavailable()} says why PostgreSQL cannot be used, null when it can (the tests skip on it, unless
 * {@code CI=true}).
 */
public final class TestPostgresSchema {
    private final String baseUrl = env("CALLGUARD_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private final String user = env("CALLGUARD_TEST_PG_USER", "postgres");
    private final String password = env("CALLGUARD_TEST_PG_PASSWORD", "");
    private final String schema;
    private final String unavailable;

    /** @param prefix the schema's name before its random part, e.g. {@code cg_input_} */
    public TestPostgresSchema(String prefix) {
        this.schema = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String why;
        try {
            connect(baseUrl).close();
            why = null;
        } catch (SQLException e) {
            why = "PostgreSQL not reachable at " + baseUrl.replaceAll("\\?.*", "") + " (" + e.getMessage() + ")";
        }
        this.unavailable = why;
    }

    /** Why PostgreSQL cannot be used here, null when it can. */
    public String unavailable() { return unavailable; }

    /** The server's store settings (environment variables) for this schema. */
    public Map<String, String> storeSettings() {
        return Map.of("CALLGUARD_STORE_JDBC_URL", url(), "CALLGUARD_STORE_USERNAME", user,
                "CALLGUARD_STORE_PASSWORD", password);
    }

    /** A connection to this schema as the test user (a superuser on this machine). */
    public Connection connect() throws SQLException { return connect(url()); }

    public void drop() throws SQLException {
        try (Connection c = connect(baseUrl); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private String url() { return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema; }

    private Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "3");
        return DriverManager.getConnection(url, properties);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
