package io.callguard.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * {@link RecordsTamperEndToEndTest} on the embedded H2 file store. H2's guard is a Java trigger: the superuser
 * ({@code sa}) drops it, as whoever holds the database file can.
 */
class RecordsTamperOnH2EndToEndTest extends RecordsTamperEndToEndTest {
    private String url;

    @Override Map<String, String> storeSettings(Path dir) {
        url = "jdbc:h2:file:" + dir.resolve("callguard").toAbsolutePath();
        return Map.of("CALLGUARD_STORE_JDBC_URL", url);
    }

    @Override String unavailable() { return null; }

    /** The same embedded database: a second connection from this JVM shares callguard's open one. */
    @Override Connection connectAsSuperuser() throws SQLException {
        return DriverManager.getConnection(url + ";MODE=PostgreSQL;WRITE_DELAY=0", "sa", "");
    }

    @Override void bypassGuards(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS record_entry_append_only");
        }
    }
}
