package io.callguard.asterisk.ami;

import io.callguard.core.config.ConfigValues;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ami.servers}: several Asterisk servers, their own keys over the shared ones, and mistakes named by key. */
class AmiServersOptionsTest {
    private static ConfigValues view() { return ConfigValues.defaults(AmiOptions.OPTIONS).set("ami.secret", "shared", "file"); }

    @Test
    void withoutServersTheOneServerIsNamedByAmiNameAndKeepsItsPlainIds() {
        ConfigValues view = view();
        AmiSettings s = AmiOptions.from(view);
        assertThat(view.problems()).isEmpty();
        assertThat(s.several()).isFalse();
        assertThat(s.servers()).extracting(AmiServer::name).containsExactly("asterisk");
        assertThat(s.servers().get(0).agiAddresses()).containsExactly("127.0.0.1");

        ConfigValues named = view().set("ami.name", "paris-1", "file");
        assertThat(AmiOptions.from(named).servers().get(0).name()).isEqualTo("paris-1");
    }

    @Test
    void compactEntriesShareTheOtherKeysAndAServersOwnKeyWins() {
        ConfigValues view = view().set("ami.servers", "pbx-a@10.0.0.1,pbx-b@10.0.0.2:5039", "CALLGUARD_AMI_SERVERS")
                .set("ami.pingInterval", "2s", "file")
                .set("ami.servers.pbx-b.secret", "b-only", "CALLGUARD_AMI_SERVERS_PBX_B_SECRET")
                .set("ami.servers.pbx-b.username", "cg-b", "file")
                .set("ami.servers.pbx-b.agiAddresses", List.of("10.0.1.2", "pbx-b.example"), "file");
        AmiSettings s = AmiOptions.from(view);
        assertThat(view.problems()).isEmpty();
        assertThat(s.several()).isTrue();
        AmiServer a = s.servers().get(0);
        AmiServer b = s.servers().get(1);
        assertThat(a.name()).isEqualTo("pbx-a");
        assertThat(a.options().host()).isEqualTo("10.0.0.1");
        assertThat(a.options().port()).isEqualTo(5038);
        assertThat(a.options().secret()).isEqualTo("shared");
        assertThat(a.options().pingInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(a.agiAddresses()).as("default: its AMI host").containsExactly("10.0.0.1");
        assertThat(b.options().port()).isEqualTo(5039);
        assertThat(b.options().secret()).isEqualTo("b-only");
        assertThat(b.options().username()).isEqualTo("cg-b");
        assertThat(b.agiAddresses()).containsExactly("10.0.1.2", "pbx-b.example");
        assertThat(s.toString()).doesNotContain("b-only").doesNotContain("shared");
    }

    @Test
    void mistakesAreNamedByTheirKey() {
        ConfigValues view = view().set("ami.servers", "pbx-a@10.0.0.1,pbx/b,pbx-a@10.0.0.3,pbx-c@10.0.0.1,pbx-d@h:99999",
                        "CALLGUARD_AMI_SERVERS")
                .set("ami.servers.pbx-d.pingInterval", "soon", "file");
        AmiOptions.from(view);
        assertThat(view.problems()).containsExactly(
                "ami.servers: 'pbx/b' is not a server name (1 to 32 letters, digits, '.', '_' or '-', starting with a"
                        + " letter or digit: it prefixes the server's call ids) (entries are name[@host[:port]])"
                        + " (from CALLGUARD_AMI_SERVERS)",
                "ami.servers: 'pbx-a' is listed twice (server names must be distinct) (from CALLGUARD_AMI_SERVERS)",
                "ami.servers: 'pbx-a' and 'pbx-c' are both 10.0.0.1:5038 (one AMI link per Asterisk server)"
                        + " (from CALLGUARD_AMI_SERVERS)",
                "ami.servers.pbx-d.pingInterval: " + durationProblem("soon"),
                "ami.servers: 'pbx-d': port must be 1..65535, got '99999' (from CALLGUARD_AMI_SERVERS)");
    }

    @Test
    void aServerWithoutAnySecretIsNamedWithBothVariables() {
        ConfigValues view = ConfigValues.defaults(AmiOptions.OPTIONS)
                .set("ami.servers", "pbx-a@10.0.0.1,pbx-b@10.0.0.2", "file")
                .set("ami.servers.pbx-a.secret", "a-only", "file");
        AmiOptions.from(view);
        assertThat(view.problems()).containsExactly("ami.servers.pbx-b.secret: required when ami.enabled is true"
                + " (set CALLGUARD_AMI_SERVERS_PBX_B_SECRET or CALLGUARD_AMI_SECRET)");
        assertThat(String.join(" ", view.problems())).doesNotContain("a-only");

        ConfigValues badName = view().set("ami.name", "a/b", "file");
        AmiOptions.from(badName);
        assertThat(badName.problems()).hasSize(1).allMatch(p -> p.startsWith("ami.name: 'a/b' is not a server name"));
    }

    private static String durationProblem(String text) {
        ConfigValues probe = ConfigValues.defaults(List.of()).set("x", text, "file");
        probe.duration("x", Duration.ofMillis(1), Duration.ofHours(1));
        return probe.problems().get(0).substring("x: ".length());
    }
}
