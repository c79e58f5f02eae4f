package io.callguard.server.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static io.callguard.server.config.ConfigLoaderTest.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code node.id} and {@code cluster.reloadInterval}: their defaults, the environment, what is refused (naming the key). */
class ClusterConfigTest {
    @Test
    void byDefaultTheNodeIsNamedAfterTheHostAndReloadsEveryThirtySeconds() {
        Config.Cluster c = ConfigLoader.load(Optional.empty(), env()).cluster();
        assertThat(c.nodeId()).isEqualTo(Config.Cluster.hostName()).matches(Config.Cluster.NODE_ID_PATTERN);
        assertThat(c.reloadInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theEnvironmentNamesTheNodeAndSetsOrTurnsOffTheReload() {
        Config.Cluster c = ConfigLoader.load(Optional.empty(),
                env("CALLGUARD_NODE_ID", "cg-paris-2", "CALLGUARD_CLUSTER_RELOAD_INTERVAL", "5m")).cluster();
        assertThat(c).isEqualTo(new Config.Cluster("cg-paris-2", Duration.ofMinutes(5)));
        assertThat(ConfigLoader.load(Optional.empty(), env("CALLGUARD_CLUSTER_RELOAD_INTERVAL", "0s")).cluster()
                .reloadInterval()).isZero();
        assertThat(ConfigLoader.loadYaml("node:\n  id: cg-lyon\ncluster:\n  reloadInterval: 10s\n", env()).cluster())
                .isEqualTo(new Config.Cluster("cg-lyon", Duration.ofSeconds(10)));
    }

    @Test
    void aBadNodeIdOrReloadIntervalIsRefusedNamingTheKey() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                env("CALLGUARD_NODE_ID", "node one", "CALLGUARD_CLUSTER_RELOAD_INTERVAL", "500ms")));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "node.id: must be 1 to 64 letters, digits, '.', '_' or '-', got 'node one' (from CALLGUARD_NODE_ID)",
                "cluster.reloadInterval: must be 0 (off) or at least 1s, got 500ms (from CALLGUARD_CLUSTER_RELOAD_INTERVAL)");
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                env("CALLGUARD_NODE_ID", "x".repeat(65)))).getMessage()).startsWith("node.id: must be 1 to 64");
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                env("CALLGUARD_CLUSTER_RELOAD_INTERVAL", "2d"))).getMessage()).startsWith("cluster.reloadInterval: must be");
    }
}
