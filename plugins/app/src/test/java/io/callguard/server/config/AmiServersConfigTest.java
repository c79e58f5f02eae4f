package io.callguard.server.config;

import io.callguard.asterisk.ami.AmiServer;
import io.callguard.asterisk.ami.AmiSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ami.servers} through the whole loader: YAML mappings (name plus any ami key), the compact
 * {@code name@host:port} form of the environment, each server's own variables, and mistakes named by key.
 */
class AmiServersConfigTest {
    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("CALLGUARD_ADMIN_TOKEN", ConfigLoaderTest.TOKEN);
        for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
        return env;
    }

    private static final String TWO_SERVERS = """
            ami:
              username: callguard
              pingInterval: 2s
              servers:
                - name: paris-1
                  host: 10.0.0.1
                  secret: "0x1F-paris"
                  agiAddresses: [10.0.1.1, 10.0.1.2]
                - name: lyon-1
                  host: 10.0.0.2
                  port: 5039
                  pingInterval: 1s
                - nice-1@10.0.0.3:5040
            """;

    @Test
    void yamlMappingsAndCompactEntriesEachGetTheirOwnKeysOverTheSharedOnes() {
        Config c = ConfigLoader.loadYaml(TWO_SERVERS, env("CALLGUARD_AMI_SECRET", "shared",
                "CALLGUARD_AMI_SERVERS_LYON_1_SECRET", "lyon-secret"));
        AmiSettings ami = c.ami();
        assertThat(ami.several()).isTrue();
        assertThat(ami.servers()).extracting(AmiServer::name).containsExactly("paris-1", "lyon-1", "nice-1");
        AmiServer paris = ami.servers().get(0);
        AmiServer lyon = ami.servers().get(1);
        AmiServer nice = ami.servers().get(2);
        assertThat(paris.options().host()).isEqualTo("10.0.0.1");
        assertThat(paris.options().secret()).as("kept exactly as written").isEqualTo("0x1F-paris");
        assertThat(paris.options().pingInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(paris.agiAddresses()).containsExactly("10.0.1.1", "10.0.1.2");
        assertThat(lyon.options().port()).isEqualTo(5039);
        assertThat(lyon.options().pingInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(lyon.options().secret()).as("its own variable").isEqualTo("lyon-secret");
        assertThat(nice.options().host()).isEqualTo("10.0.0.3");
        assertThat(nice.options().port()).isEqualTo(5040);
        assertThat(nice.options().secret()).as("the shared one").isEqualTo("shared");
        assertThat(c.toString()).doesNotContain("lyon-secret").doesNotContain("0x1F-paris");
    }

    @Test
    void theEnvironmentAloneCanListTheServers() {
        Config c = ConfigLoader.load(java.util.Optional.empty(), env("CALLGUARD_AMI_SECRET", "s",
                "CALLGUARD_AMI_SERVERS", "a@10.0.0.1, b@10.0.0.2:5039",
                "CALLGUARD_AMI_SERVERS_B_AGI_ADDRESSES", "10.0.1.2,10.0.1.3"));
        assertThat(c.ami().servers()).extracting(AmiServer::name).containsExactly("a", "b");
        assertThat(c.ami().servers().get(1).agiAddresses()).containsExactly("10.0.1.2", "10.0.1.3");
        assertThat(ConfigLoader.load(java.util.Optional.empty(), env("CALLGUARD_AMI_SECRET", "s")).ami().several())
                .as("no ami.servers: the one server of ami.host").isFalse();
    }

    @Test
    void mistakesInTheListAreNamedByKey() {
        assertThatThrownBy(() -> ConfigLoader.loadYaml("""
                ami:
                  servers:
                    - name: a
                      hots: 10.0.0.1
                    - host: 10.0.0.2
                """, env("CALLGUARD_AMI_SECRET", "s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ami.servers[0].hots: unknown key (known here: name, host, port")
                .hasMessageContaining("ami.servers[1]: name is required");
        assertThatThrownBy(() -> ConfigLoader.load(java.util.Optional.empty(), env(
                "CALLGUARD_AMI_SERVERS", "a@10.0.0.1,a@10.0.0.2,b@10.0.0.3", "CALLGUARD_AMI_SERVERS_A_SECRET", "s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ami.servers: 'a' is listed twice (server names must be distinct) (from CALLGUARD_AMI_SERVERS)")
                .hasMessageContaining("ami.servers.b.secret: required when ami.enabled is true"
                        + " (set CALLGUARD_AMI_SERVERS_B_SECRET or CALLGUARD_AMI_SECRET)");
    }
}
