package io.callguard.server.config;

import io.callguard.core.metrics.TrunkLabels;
import io.callguard.http.metrics.MetricsOptions;
import io.callguard.server.TestApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code metrics.*}: defaults, the environment, refusals naming the key (never the token). */
class MetricsConfigTest {
    private static final String SCRAPE = "scrape-token-0123456789";
    @TempDir Path dir;

    private MetricsOptions load(Map<String, String> env) {
        Config c = TestApps.config(dir, env);
        return MetricsOptions.from(c.modules().view(MetricsOptions.OPTIONS, null));
    }

    @Test
    void defaultsServeMetricsWithTheAdminTokenOnlyAndTheTwentyBusiestTrunks() {
        MetricsOptions o = load(Map.of());
        assertThat(o.enabled()).isTrue();
        assertThat(o.token()).isEmpty();
        assertThat(o.allowFrom().isEmpty()).isTrue();
        assertThat(o.trunkLabels()).hasToString("top:20");
    }

    @Test
    void everyKeyIsReadFromTheEnvironment() {
        MetricsOptions o = load(Map.of("CALLGUARD_METRICS_ENABLED", "false", "CALLGUARD_METRICS_TOKEN", SCRAPE,
                "CALLGUARD_METRICS_ALLOW_FROM", "10.0.0.0/8,::1", "CALLGUARD_METRICS_TRUNK_LABELS", "trunk-a,trunk-b"));
        assertThat(o.enabled()).isFalse();
        assertThat(o.token()).isEqualTo(SCRAPE);
        assertThat(o.allowFrom().contains("10.1.2.3")).isTrue();
        assertThat(o.allowFrom().contains("::1")).isTrue();
        assertThat(o.allowFrom().contains("192.168.1.1")).isFalse();
        assertThat(o.trunkLabels().pick(List.of("trunk-a", "trunk-c"), t -> t, t -> 0, t -> 0)).containsExactly("trunk-a");
        assertThat(o.toString()).doesNotContain(SCRAPE);
        assertThat(load(Map.of("CALLGUARD_METRICS_TRUNK_LABELS", "none")).trunkLabels().isNone()).isTrue();
    }

    @Test
    void aShortTokenOrTheAdminTokenIsRefusedNamingTheKeyNeverTheValue() {
        assertThatThrownBy(() -> load(Map.of("CALLGUARD_METRICS_TOKEN", "short-secret")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metrics.token")
                .hasMessageContaining("at least 16").hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> load(Map.of("CALLGUARD_METRICS_TOKEN", TestApps.TOKEN)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metrics.token")
                .hasMessageContaining("admin.token").hasMessageNotContaining(TestApps.TOKEN);
    }

    @Test
    void badRangesAndTrunkLabelsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> load(Map.of("CALLGUARD_METRICS_ALLOW_FROM", "prometheus.local")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metrics.allowFrom")
                .hasMessageContaining("prometheus.local");
        assertThatThrownBy(() -> load(Map.of("CALLGUARD_METRICS_ALLOW_FROM", "10.0.0.0/33")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metrics.allowFrom");
        assertThatThrownBy(() -> load(Map.of("CALLGUARD_METRICS_TRUNK_LABELS", "top:0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metrics.trunkLabels").hasMessageContaining("1..500");
        assertThatThrownBy(() -> load(Map.of("CALLGUARD_METRICS_TRUNK_LABELS", "top:20,trunk-a")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metrics.trunkLabels");
        assertThatThrownBy(() -> load(Map.of("CALLGUARD_METRICS_TRUNK_LABELS", "bad trunk!")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metrics.trunkLabels");
        assertThatThrownBy(() -> load(Map.of("CALLGUARD_METRICS_ENABLED", "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metrics.enabled");
    }

    @Test
    void topPicksTheBusiestTrunks() {
        TrunkLabels top2 = TrunkLabels.parse(List.of("top:2"));
        record T(String id, int inUse, int cap) { }
        List<T> trunks = List.of(new T("a", 1, 2), new T("b", 5, 10), new T("c", 1, 30), new T("d", 0, 100));
        assertThat(top2.pick(trunks, T::id, T::inUse, T::cap)).extracting(T::id).containsExactly("b", "c");
    }
}
