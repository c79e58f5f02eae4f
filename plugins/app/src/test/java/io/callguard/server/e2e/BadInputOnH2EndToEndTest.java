package io.callguard.server.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/** {@link BadInputEndToEndTest} on the embedded H2 file store (TestApps' default). */
class BadInputOnH2EndToEndTest extends BadInputEndToEndTest {
    private String url;

    @Override Map<String, String> storeSettings(Path dir) {
        url = "jdbc:h2:file:" + dir.resolve("callguard").toAbsolutePath();
        return Map.of("CALLGUARD_STORE_JDBC_URL", url);
    }

    @Override String unavailable() { return null; }

    /** The same embedded database: a second connection from this JVM shares callguard's open one. */
    @Override Connection connectDirectly() throws SQLException {
        return DriverManager.getConnection(url + ";MODE=PostgreSQL;WRITE_DELAY=0", "sa", "");
    }
}
