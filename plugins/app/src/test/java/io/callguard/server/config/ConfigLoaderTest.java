package io.callguard.server.config;

import io.callguard.asterisk.fastagi.FailureMode;
import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.caps.CapsOptions;
import io.callguard.core.config.Durations;
import io.callguard.core.config.Option;
import io.callguard.http.ListenerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    static final String TOKEN = "0123456789abcdef-token";
    static final String SECRET = "ami-secret-value";

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("CALLGUARD_ADMIN_TOKEN", TOKEN);
        env.put("CALLGUARD_AMI_SECRET", SECRET);
        for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
        return env;
    }

    @Test
    void defaultsApplyWhenNoFileAndOnlySecretsInEnvironment() {
        Config c = ConfigLoader.load(Optional.empty(), env());

        assertThat(c.fastAgi()).isEqualTo(FastAgiOptions.defaults());
        assertThat(c.ami().enabled()).isTrue();
        assertThat(c.ami().options().host()).isEqualTo("127.0.0.1");
        assertThat(c.ami().options().port()).isEqualTo(5038);
        assertThat(c.ami().options().username()).isEqualTo("callguard");
        assertThat(c.ami().options().secret()).isEqualTo(SECRET);
        assertThat(c.ami().options().pingInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.ami().options().reconnectMin()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.ami().options().reconnectMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.ami().options().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.ami().options().stableSession()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.store().jdbcUrl()).isEqualTo("jdbc:h2:file:./data/callguard");
        assertThat(c.store().username()).isEmpty();
        assertThat(c.store().password()).isEmpty();
        assertThat(c.store().maximumPoolSize()).isEqualTo(4);
        assertThat(c.store().connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.admin()).isEqualTo(new ListenerOptions("127.0.0.1", 8080, TOKEN, 65536, java.time.Duration.ofSeconds(30),
                1000, 100));
        assertThat(c.numbering().emergencyNumbers())
                .containsExactly("15", "17", "18", "112", "114", "115", "119", "116000", "191", "196", "197");
        assertThat(c.policies().enabled()).containsExactly("emergency", "suspension", "calls-per-second", "channel-cap",
                "tariff-announcement", "default");
        assertThat(c.policies().settingsOf("default"))
                .containsEntry("unknownAccount", "deny").containsEntry("defaultMaxSeconds", 7200);
        assertThat(c.policies().settingsOf("channel-cap"))
                .containsEntry("defaultMaxSeconds", 7200).containsEntry("reservationMargin", 300);
        assertThat(c.policies().settingsOf("calls-per-second")).containsEntry("limit", 0);
        assertThat(c.shutdown().drainTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(capsOf(c)).isEqualTo(new CapsOptions(Duration.ofSeconds(60), Duration.ofSeconds(10), true,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMillis(200)));
    }

    @Test
    void yamlOverridesDefaults() {
        String yaml = """
                fastagi:
                  port: 0
                  decisionDeadline: PT0.1S
                  failureMode: closed
                  useMSet: false
                ami:
                  enabled: false
                store:
                  jdbcUrl: jdbc:h2:mem:x
                  maximumPoolSize: 2
                admin:
                  port: 9090
                  token: file-token-0123456789
                numbering:
                  emergencyNumbers: [112, 15]
                policies: [default]
                policy:
                  default:
                    defaultMaxSeconds: 3600
                  other:
                    flag: true
                shutdown:
                  drainTimeout: 1m
                """;
        Config c = ConfigLoader.loadYaml(yaml, Map.of());

        assertThat(c.fastAgi().port()).isZero();
        assertThat(c.fastAgi().decisionDeadline()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.fastAgi().failureMode()).isEqualTo(FailureMode.CLOSED);
        assertThat(c.fastAgi().useMSet()).isFalse();
        assertThat(c.ami().enabled()).isFalse();
        assertThat(c.store().jdbcUrl()).isEqualTo("jdbc:h2:mem:x");
        assertThat(c.store().maximumPoolSize()).isEqualTo(2);
        assertThat(c.admin().port()).isEqualTo(9090);
        assertThat(c.admin().token()).isEqualTo("file-token-0123456789");
        assertThat(c.numbering().emergencyNumbers()).containsExactly("112", "15");
        assertThat(c.policies().enabled()).containsExactly("default");
        assertThat(c.policies().settingsOf("default"))
                .containsEntry("defaultMaxSeconds", 3600).containsEntry("unknownAccount", "deny");
        assertThat(c.policies().settingsOf("other")).containsEntry("flag", true);
        assertThat(c.shutdown().drainTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(capsOf(c).startupHold()).as("the default hold shrinks within a shorter deadline")
                .isEqualTo(Duration.ofMillis(80));
    }

    @Test
    void environmentOverridesFileAndDefaults() {
        String yaml = """
                fastagi:
                  port: 5000
                policy:
                  default:
                    unknownAccount: deny
                  other:
                    limit: 3
                """;
        Config c = ConfigLoader.loadYaml(yaml, env(
                "CALLGUARD_FASTAGI_PORT", "6000",
                "CALLGUARD_FASTAGI_DECISION_DEADLINE", "300ms",
                "CALLGUARD_FASTAGI_USE_MSET", "false",
                "CALLGUARD_AMI_HOST", "pbx.local",
                "CALLGUARD_STORE_JDBC_URL", "jdbc:postgresql://db/callguard",
                "CALLGUARD_NUMBERING_EMERGENCY_NUMBERS", "112, 15,17",
                "CALLGUARD_POLICIES", "emergency,default,other",
                "CALLGUARD_POLICY_DEFAULT_UNKNOWN_ACCOUNT", "allow",
                "CALLGUARD_POLICY_DEFAULT_DEFAULT_MAX_SECONDS", "600",
                "CALLGUARD_POLICY_OTHER_LIMIT", "5",
                "CALLGUARD_SHUTDOWN_DRAIN_TIMEOUT", "0s"));

        assertThat(c.fastAgi().port()).isEqualTo(6000);
        assertThat(c.fastAgi().decisionDeadline()).isEqualTo(Duration.ofMillis(300));
        assertThat(c.fastAgi().useMSet()).isFalse();
        assertThat(c.ami().options().host()).isEqualTo("pbx.local");
        assertThat(c.store().jdbcUrl()).isEqualTo("jdbc:postgresql://db/callguard");
        assertThat(c.numbering().emergencyNumbers()).containsExactly("112", "15", "17");
        assertThat(c.policies().enabled()).containsExactly("emergency", "default", "other");
        assertThat(c.policies().settingsOf("default"))
                .containsEntry("unknownAccount", "allow").containsEntry("defaultMaxSeconds", 600);
        assertThat(c.policies().settingsOf("other")).containsEntry("limit", 5);
        assertThat(c.shutdown().drainTimeout()).isZero();
    }

    @Test
    void capsAndWatchdogTimingsAndCapPolicySettingsComeFromFileAndEnvironment() {
        String yaml = """
                caps:
                  reconcileInterval: 30s
                  orphanGrace: 20s
                watchdog:
                  enabled: false
                  grace: 2m
                policy:
                  channel-cap:
                    reservationMargin: 600
                """;
        Config c = ConfigLoader.loadYaml(yaml, env(
                "CALLGUARD_WATCHDOG_INTERVAL", "500ms",
                "CALLGUARD_POLICY_CALLS_PER_SECOND_LIMIT", "20",
                "CALLGUARD_POLICY_CHANNEL_CAP_DEFAULT_MAX_SECONDS", "3600"));

        assertThat(capsOf(c)).isEqualTo(new CapsOptions(Duration.ofSeconds(30), Duration.ofSeconds(20), false,
                Duration.ofMillis(500), Duration.ofMinutes(2), Duration.ofMillis(200)));
        assertThat(capsOf(c).settings().reconcileInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(capsOf(c).settings().orphanGrace()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.policies().settingsOf("calls-per-second")).containsEntry("limit", 20);
        assertThat(c.policies().settingsOf("channel-cap"))
                .containsEntry("reservationMargin", 600).containsEntry("defaultMaxSeconds", 3600);
        assertThat(Option.envName("caps.reconcileInterval")).isEqualTo("CALLGUARD_CAPS_RECONCILE_INTERVAL");
        assertThat(Option.envName("policy.channel-cap.reservationMargin"))
                .isEqualTo("CALLGUARD_POLICY_CHANNEL_CAP_RESERVATION_MARGIN");
    }

    @Test
    void ctiSettingsDefaultToTheR8LimitsAndComeFromFileAndEnvironment() {
        Config defaults = ConfigLoader.load(Optional.empty(), env());
        io.callguard.http.ListenerOptions d = defaults.cti();
        io.callguard.cti.CtiSettings ds = ctiOf(defaults);
        assertThat(ds.enabled()).isTrue();
        assertThat(d.host()).isEqualTo("127.0.0.1");
        assertThat(d.port()).isEqualTo(8081);
        assertThat(d.maxBodyBytes()).isEqualTo(16384);
        assertThat(ds.sms()).isEqualTo(io.callguard.cti.sms.SmsSettings.defaults());
        assertThat(ds.sip()).isEqualTo(io.callguard.cti.sip.SipSenderOptions.defaults("sip:sms@127.0.0.1:5090"));
        assertThat(ds.dispatch()).isEqualTo(io.callguard.cti.sms.DispatchSettings.defaults());
        assertThat(ds.callbacks()).isEqualTo(io.callguard.cti.callback.CallbackSettings.defaults());
        assertThat(ds.calls().outboundContext()).isEqualTo("callguard-outbound");
        assertThat(ds.calls().channelPrefix()).isEqualTo("PJSIP/");
        assertThat(ds.calls().ringTimeout()).isEqualTo(Duration.ofSeconds(30));
        // the cti module adds the numbering plan's emergency numbers to click-to-call at its start
        assertThat(defaults.numbering().emergencyNumbers()).as("click-to-call reaches the call emergency numbers (R6)")
                .contains("15", "17", "112", "114");
        assertThat(ds.requests()).isEqualTo(io.callguard.cti.ratelimit.RequestLimitSettings.defaults());

        String yaml = """
                cti:
                  port: 9443
                  sms:
                    perMinute: 5
                    emergencyNumbers: ["114", "1155"]
                    gatewayUri: sip:sms@gw.operator.example:5070
                """;
        Config loaded = ConfigLoader.loadYaml(yaml, env(
                "CALLGUARD_CTI_ENABLED", "false", "CALLGUARD_CTI_SMS_SIP_TIMER_T1", "20ms",
                "CALLGUARD_CTI_SMS_SIP_TRANSPORT", "TCP"));
        io.callguard.http.ListenerOptions c = loaded.cti();
        io.callguard.cti.CtiSettings cs = ctiOf(loaded);
        assertThat(cs.enabled()).isFalse();
        assertThat(c.port()).isEqualTo(9443);
        assertThat(cs.sms().windows()).extracting(io.callguard.core.state.SlidingWindow::name).containsExactly("1/s", "5/min");
        assertThat(cs.sms().emergencyNumbers()).containsExactlyInAnyOrder("114", "1155");
        assertThat(cs.sip().gatewayUri()).isEqualTo("sip:sms@gw.operator.example:5070");
        assertThat(cs.sip().timerT1()).isEqualTo(Duration.ofMillis(20));
        assertThat(cs.sip().transport()).isEqualTo("tcp");
        assertThat(Option.envName("cti.sms.sipTimerT1")).isEqualTo("CALLGUARD_CTI_SMS_SIP_TIMER_T1");
    }

    @Test
    void environmentNamesAreComputedFromKeyPaths() {
        assertThat(Option.envName("admin.token")).isEqualTo("CALLGUARD_ADMIN_TOKEN");
        assertThat(Option.envName("fastagi.decisionDeadline")).isEqualTo("CALLGUARD_FASTAGI_DECISION_DEADLINE");
        assertThat(Option.envName("store.jdbcUrl")).isEqualTo("CALLGUARD_STORE_JDBC_URL");
        assertThat(Option.envName("fastagi.useMSet")).isEqualTo("CALLGUARD_FASTAGI_USE_MSET");
        assertThat(Option.envName("policy.default.unknownAccount")).isEqualTo("CALLGUARD_POLICY_DEFAULT_UNKNOWN_ACCOUNT");
        assertThat(Option.envName("policy.call-caps.x")).isEqualTo("CALLGUARD_POLICY_CALL_CAPS_X");
    }

    @Test
    void unrelatedEnvironmentVariablesAreIgnored() {
        Config c = ConfigLoader.load(Optional.empty(), env("CALLGUARD_FASTAGI_PROT", "1", "CALLGUARD_POLICY_NOPE_X", "y"));
        assertThat(c.fastAgi().port()).isEqualTo(4573);
        assertThat(c.policies().settings()).doesNotContainKey("nope");
    }

    @Test
    void missingAdminTokenNamesTheKeyAndTheVariable() {
        Map<String, String> env = env();
        env.remove("CALLGUARD_ADMIN_TOKEN");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), env))
                .isInstanceOf(ConfigException.class)
                .hasMessage("admin.token: required (set CALLGUARD_ADMIN_TOKEN); at least 16 characters");
    }

    @Test
    void shortAdminTokenIsRejectedWithoutPrintingIt() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), env("CALLGUARD_ADMIN_TOKEN", "short-tok")))
                .hasMessage("admin.token: must be at least 16 characters, got 9 (from CALLGUARD_ADMIN_TOKEN)")
                .hasMessageNotContaining("short-tok");
    }

    @Test
    void amiSecretIsRequiredOnlyWhenAmiIsEnabled() {
        Map<String, String> env = env();
        env.remove("CALLGUARD_AMI_SECRET");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), env))
                .hasMessage("ami.secret: required when ami.enabled is true (set CALLGUARD_AMI_SECRET)");
        env.put("CALLGUARD_AMI_ENABLED", "false");
        assertThat(ConfigLoader.load(Optional.empty(), env).ami().enabled()).isFalse();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "CALLGUARD_FASTAGI_PORT|70000|fastagi.port: must be 1..65535 (or 0 for any), got 70000 (from CALLGUARD_FASTAGI_PORT)",
            "CALLGUARD_FASTAGI_PORT|abc|fastagi.port: must be an integer",
            "CALLGUARD_FASTAGI_HOST|' '|fastagi.host: must be a host name or address",
            "CALLGUARD_FASTAGI_DECISION_DEADLINE|250|fastagi.decisionDeadline: must be a duration such as 250ms",
            "CALLGUARD_FASTAGI_DECISION_DEADLINE|0ms|fastagi.decisionDeadline: must be at least 1ms",
            "CALLGUARD_FASTAGI_DECISION_DEADLINE|2m|fastagi.decisionDeadline: must be at least 1ms and at most 1m, got 2m",
            "CALLGUARD_FASTAGI_HEADER_TIMEOUT|x|fastagi.headerTimeout: must be a duration",
            "CALLGUARD_FASTAGI_REPLY_TIMEOUT|PTX|fastagi.replyTimeout: must be a duration",
            "CALLGUARD_FASTAGI_MAX_LINE_LENGTH|10|fastagi.maxLineLength: must be 256..65536, got 10",
            "CALLGUARD_FASTAGI_MAX_HEADER_LINES|0|fastagi.maxHeaderLines: must be 16..4096, got 0",
            "CALLGUARD_FASTAGI_FAILURE_MODE|maybe|fastagi.failureMode: must be open or closed, got 'maybe'",
            "CALLGUARD_FASTAGI_USE_MSET|yes|fastagi.useMSet: must be true or false, got 'yes'",
            "CALLGUARD_AMI_ENABLED|1|ami.enabled: must be true or false",
            "CALLGUARD_AMI_HOST|''|ami.host: must be a host name or address",
            "CALLGUARD_AMI_PORT|0|ami.port: must be 1..65535, got 0",
            "CALLGUARD_AMI_USERNAME|''|ami.username: required (set CALLGUARD_AMI_USERNAME)",
            "CALLGUARD_AMI_PING_INTERVAL|0s|ami.pingInterval: must be at least 1ms",
            "CALLGUARD_AMI_RECONNECT_MIN|2h|ami.reconnectMin: must be at least 1ms and at most 1h",
            "CALLGUARD_AMI_RECONNECT_MAX|100ms|ami.reconnectMax: must be at least ami.reconnectMin (500ms), got 100ms",
            "CALLGUARD_AMI_CONNECT_TIMEOUT|-1s|ami.connectTimeout: must be a duration",
            "CALLGUARD_AMI_STABLE_SESSION|0s|ami.stableSession: must be at least 1ms",
            "CALLGUARD_STORE_JDBC_URL|h2:mem:x|store.jdbcUrl: must be a JDBC URL starting with jdbc:",
            "CALLGUARD_STORE_MAXIMUM_POOL_SIZE|0|store.maximumPoolSize: must be 1..64, got 0",
            "CALLGUARD_STORE_CONNECTION_TIMEOUT|100ms|store.connectionTimeout: must be at least 250ms",
            "CALLGUARD_ADMIN_HOST|'a b'|admin.host: must be a host name or address",
            "CALLGUARD_ADMIN_PORT|-1|admin.port: must be 1..65535 (or 0 for any), got -1",
            "CALLGUARD_ADMIN_MAX_BODY_BYTES|10|admin.maxBodyBytes: must be 1024..16777216, got 10",
            "CALLGUARD_NUMBERING_EMERGENCY_NUMBERS|'112,1a'|numbering.emergencyNumbers: '1a' is not a short number",
            "CALLGUARD_NUMBERING_EMERGENCY_NUMBERS|''|numbering.emergencyNumbers: must list at least one number",
            "CALLGUARD_POLICIES|''|policies: must name at least one policy",
            "CALLGUARD_POLICIES|'default,default'|policies: 'default' is listed twice",
            "CALLGUARD_POLICIES|'a b'|policies: 'a b' is not a policy name",
            "CALLGUARD_POLICY_DEFAULT_DEFAULT_MAX_SECONDS|lots|policy.default.defaultMaxSeconds: must be an integer, got 'lots' (from CALLGUARD_POLICY_DEFAULT_DEFAULT_MAX_SECONDS)",
            "CALLGUARD_SHUTDOWN_DRAIN_TIMEOUT|1d|shutdown.drainTimeout: must be a duration",
            "CALLGUARD_CAPS_RECONCILE_INTERVAL|0s|caps.reconcileInterval: must be at least 10ms and at most 1h, got 0s",
            "CALLGUARD_CAPS_RECONCILE_INTERVAL|often|caps.reconcileInterval: must be a duration",
            "CALLGUARD_CAPS_ORPHAN_GRACE|500ms|caps.orphanGrace: must be at least 1s and at most 10m, got 500ms",
            "CALLGUARD_CAPS_STARTUP_HOLD|250ms|caps.startupHold: must be shorter than fastagi.decisionDeadline (250ms), got 250ms",
            "CALLGUARD_CAPS_STARTUP_HOLD|-1s|caps.startupHold: must be a duration",
            "CALLGUARD_WATCHDOG_ENABLED|on|watchdog.enabled: must be true or false, got 'on'",
            "CALLGUARD_WATCHDOG_INTERVAL|2h|watchdog.interval: must be at least 10ms and at most 1h, got 2h",
            "CALLGUARD_WATCHDOG_GRACE|x|watchdog.grace: must be a duration",
            "CALLGUARD_POLICY_CALLS_PER_SECOND_LIMIT|many|policy.calls-per-second.limit: must be an integer, got 'many' (from CALLGUARD_POLICY_CALLS_PER_SECOND_LIMIT)",
            "CALLGUARD_POLICY_CHANNEL_CAP_RESERVATION_MARGIN|5m|policy.channel-cap.reservationMargin: must be an integer, got '5m'",
            "CALLGUARD_CTI_PORT|70000|cti.port: must be 1..65535 (or 0 for any), got 70000",
            "CALLGUARD_CTI_ENABLED|yes|cti.enabled: must be true or false, got 'yes'",
            "CALLGUARD_CTI_SMS_PER_SECOND|0|cti.sms.perSecond: must be 1..1000, got 0",
            "CALLGUARD_CTI_SMS_EMERGENCY_NUMBERS|'114,x'|cti.sms.emergencyNumbers: 'x' is not a short number",
            "CALLGUARD_CTI_SMS_GATEWAY_URI|http://gw/sms|cti.sms.gatewayUri: must be a SIP URI such as sip:sms@gateway.example:5060, got 'http://gw/sms'",
            "CALLGUARD_CTI_SMS_SIP_TRANSPORT|tls|cti.sms.sipTransport: must be udp or tcp, got 'tls'",
            "CALLGUARD_CTI_SMS_MAX_RETRY_DELAY|1s|cti.sms.maxRetryDelay: must be at least cti.sms.firstRetryDelay (2s), got 1s",
            "CALLGUARD_CTI_CALLS_CHANNEL_PREFIX|PJSIP|cti.calls.channelPrefix: must be a channel technology followed by /",
            "CALLGUARD_CTI_CALLS_RING_TIMEOUT|500ms|cti.calls.ringTimeout: must be at least 1s",
            "CALLGUARD_CTI_REQUESTS_BURST|5|cti.requests.burst: must be at least cti.requests.perSecond (20), got 5",
    })
    void everyValidationErrorNamesItsKey(String variable, String value, String expected) {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), env(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected);
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() ->
                ConfigLoader.load(Optional.empty(), env("CALLGUARD_FASTAGI_PORT", "70000", "CALLGUARD_ADMIN_PORT", "x")));
        assertThat(e.problems()).hasSize(2);
        assertThat(e.getMessage()).contains("fastagi.port:").contains("; admin.port:");
    }

    @Test
    void unknownKeyInFileIsRejectedByName() {
        assertThatThrownBy(() -> ConfigLoader.loadYaml("fastagi:\n  prot: 4573\n", env()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("fastagi.prot: unknown key (known here: decisionDeadline, failureMode");
        assertThatThrownBy(() -> ConfigLoader.loadYaml("fastagu:\n  port: 4573\n", env()))
                .hasMessageStartingWith("fastagu: unknown key (known here: admin, ami, caps, cluster, credit, cti, fastagi");
        assertThatThrownBy(() -> ConfigLoader.loadYaml("fastagi: 12\n", env()))
                .hasMessageStartingWith("fastagi: must be a mapping of keys");
        assertThatThrownBy(() -> ConfigLoader.loadYaml("fastagi:\n  port: [1, 2]\n", env()))
                .hasMessage("fastagi.port: must be a single value, not a list");
    }

    @Test
    void invalidYamlSaysWhere() {
        assertThatThrownBy(() -> ConfigLoader.loadYaml("fastagi:\n  port: 1\n   host: x\n", env()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid YAML at line")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ConfigLoader.loadYaml("fastagi:\n  port: 1\n  port: 2\n", env()))
                .hasMessageContaining("invalid YAML");
    }

    @Test
    void emptyFileMeansDefaults() {
        assertThat(ConfigLoader.loadYaml("", env()).fastAgi().port()).isEqualTo(4573);
        assertThat(ConfigLoader.loadYaml("# nothing\n", env()).fastAgi().port()).isEqualTo(4573);
        assertThat(ConfigLoader.loadYaml("fastagi:\n  port:\nadmin:\n", env()).fastAgi().port()).isEqualTo(4573);
    }

    @Test
    void secretsKeepTheirExactTextAndAreMaskedInToString() {
        Config c = ConfigLoader.loadYaml("""
                ami:
                  secret: 0x1F
                store:
                  password: 007
                admin:
                  token: 0000000000000000001
                """, Map.of());
        assertThat(c.ami().options().secret()).isEqualTo("0x1F");
        assertThat(c.store().password()).isEqualTo("007");
        assertThat(c.admin().token()).isEqualTo("0000000000000000001");
        assertThat(c.toString()).doesNotContain("0x1F").doesNotContain("007").doesNotContain("0000000000000000001")
                .contains("secret=***").contains("password=***").contains("token=***");
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("PT2S")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("pt0.25s")).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> Durations.parse("2 s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fileIsLocatedFromArgumentThenEnvironmentThenWorkingDirectory(@TempDir Path dir) throws Exception {
        Path explicit = Files.writeString(dir.resolve("a.yaml"), "");
        Path fromEnv = Files.writeString(dir.resolve("b.yaml"), "");
        Map<String, String> env = Map.of(ConfigLoader.CONFIG_ENV, fromEnv.toString());

        assertThat(ConfigLoader.locate(explicit.toString(), env, dir)).contains(explicit);
        assertThat(ConfigLoader.locate(null, env, dir)).contains(fromEnv);
        assertThat(ConfigLoader.locate(null, Map.of(), dir)).isEmpty();
        Path local = Files.writeString(dir.resolve("callguard.yaml"), "");
        assertThat(ConfigLoader.locate(null, Map.of(), dir)).contains(local);
        assertThatThrownBy(() -> ConfigLoader.locate(dir.resolve("missing.yaml").toString(), Map.of(), dir))
                .hasMessageContaining("missing.yaml").hasMessageContaining("not found");
        assertThatThrownBy(() -> ConfigLoader.locate(null, Map.of(ConfigLoader.CONFIG_ENV, "/nope.yaml"), dir))
                .hasMessageContaining("CALLGUARD_CONFIG");
    }

    @Test
    void loadReadsTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), "admin:\n  port: 8181\n");
        assertThat(ConfigLoader.load(Optional.of(file), env()).admin().port()).isEqualTo(8181);
        assertThat(List.of(ConfigLoader.DEFAULT_FILE)).containsExactly("callguard.yaml");
    }

    /** The call caps' options as the call-caps module reads them at its start (the app lends it the deadline). */
    /** The cti module's settings as it reads them at its start. */
    static io.callguard.cti.CtiSettings ctiOf(Config c) {
        List<String> problems = new ArrayList<>();
        io.callguard.cti.CtiSettings settings = io.callguard.cti.CtiOptions.from(c.modules().view(ConfigKeys.MODULE_OPTIONS, problems));
        assertThat(problems).isEmpty();
        return settings;
    }

    private static CapsOptions capsOf(Config c) {
        return CapsOptions.from(c.modules().view(ConfigKeys.MODULE_OPTIONS, new ArrayList<>()), c.fastAgi().decisionDeadline());
    }
}
