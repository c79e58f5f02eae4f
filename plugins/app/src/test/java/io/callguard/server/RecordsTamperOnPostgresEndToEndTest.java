package io.callguard.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * {@link RecordsTamperEndToEndTest} on the PostgreSQL of this machine ({@code CALLGUARD_TEST_PG_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres}), in a schema of its own that Flyway creates
 * through {@code currentSchema} and this class drops. Skipped when PostgreSQL is down, unless {@code CI=true}. The
 * guard is a trigger; a superuser's session with {@code session_replication_role = replica} fires none.
 */
class RecordsTamperOnPostgresEndToEndTest extends RecordsTamperEndToEndTest {
    private static final TestPostgresSchema PG = new TestPostgresSchema("cg_tamper_");

    @Override Map<String, String> storeSettings(Path dir) { return PG.storeSettings(); }

    @Override String unavailable() { return PG.unavailable(); }

    @Override Connection connectAsSuperuser() throws SQLException { return PG.connect(); }

    @Override void bypassGuards(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
        }
    }

    @Override void dropStore() throws SQLException { PG.drop(); }
}
