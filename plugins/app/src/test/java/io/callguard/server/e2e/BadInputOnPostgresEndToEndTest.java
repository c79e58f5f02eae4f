package io.callguard.server.e2e;

import io.callguard.server.TestPostgresSchema;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * {@link BadInputEndToEndTest} on the PostgreSQL of this machine ({@code CALLGUARD_TEST_PG_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres}), in a schema of its own that Flyway creates
 * through {@code currentSchema} and this class drops. Skipped when PostgreSQL is down, unless {@code CI=true}. NUL is
 * where the stores differed: PostgreSQL refuses it in text, H2 stores it.
 */
class BadInputOnPostgresEndToEndTest extends BadInputEndToEndTest {
    private static final TestPostgresSchema PG = new TestPostgresSchema("cg_input_");

    @Override Map<String, String> storeSettings(Path dir) { return PG.storeSettings(); }

    @Override String unavailable() { return PG.unavailable(); }

    @Override Connection connectDirectly() throws SQLException { return PG.connect(); }

    @Override void dropStore() throws SQLException { PG.drop(); }
}
