package io.callguard.server.e2e;

import io.callguard.server.TestPostgresSchema;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@link IncidentsEndToEndTest} on the PostgreSQL of this machine ({@code CALLGUARD_TEST_PG_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres}), in a schema of its own dropped afterwards.
 * Skipped when PostgreSQL is down, unless {@code CI=true}.
 */
class IncidentsOnPostgresEndToEndTest extends IncidentsEndToEndTest {
    private TestPostgresSchema pg;

    private TestPostgresSchema pg() {
        if (pg == null) pg = new TestPostgresSchema("cg_gtr_");
        return pg;
    }

    @Override Map<String, String> storeSettings(Path dir) { return pg().storeSettings(); }

    @Override String unavailable() { return pg().unavailable(); }

    @Override void dropStore() throws Exception { pg().drop(); }
}
