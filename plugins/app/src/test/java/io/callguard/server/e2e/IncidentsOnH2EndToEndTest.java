package io.callguard.server.e2e;

import io.callguard.server.TestApps;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link IncidentsEndToEndTest} on the embedded H2 file store, and the module's setting. */
class IncidentsOnH2EndToEndTest extends IncidentsEndToEndTest {
    @Override Map<String, String> storeSettings(Path dir) {
        return Map.of("CALLGUARD_STORE_JDBC_URL", "jdbc:h2:file:" + dir.resolve("callguard").toAbsolutePath());
    }

    @Override String unavailable() { return null; }

    @Test
    void alsaceMoselleCountsGoodFridayAsAHolidayAndABadValueStopsTheStart() {
        send(HttpMethod.POST, ACCOUNTS, new JsonObject().put("id", "acme").put("name", "Acme SARL"), 201);
        // Thursday 2 April 2026 17:00 → Tuesday 7 April 09:30 (Paris), over Good Friday and Easter Monday
        JsonObject t = open(ticket("acme-t0", "2026-04-02T15:00:00Z", "2026-04-07T07:30:00Z"));
        assertThat(t.getLong("businessMinutes")).isEqualTo(60 + 540 + 30);
        assertThat(t.getInteger("penaltyPercent")).isEqualTo(100);

        await(app.stop());
        app = null;
        assertThatThrownBy(() -> TestApps.start(TestApps.config(dir, Map.of(
                "CALLGUARD_REPORTS_GTR_ALSACE_MOSELLE", "maybe")), clock))
                .hasStackTraceContaining("reports.gtr.alsaceMoselle");

        app = startApp(Map.of("CALLGUARD_REPORTS_GTR_ALSACE_MOSELLE", "true"));
        JsonObject alsace = get(INCIDENTS + "/" + t.getString("id"));
        assertThat(alsace.getLong("businessMinutes")).isEqualTo(60 + 30);
        assertThat(alsace.getInteger("penaltyPercent")).isZero();
        assertThat(get(REPORT + "?year=2026").getBoolean("alsaceMoselle")).isTrue();
    }
}
