package io.callguard.server;

import io.callguard.server.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallguardAppTest {
    @TempDir Path dir;

    @Test
    void startBindsEphemeralPortsAndStopReleasesThem() throws Exception {
        CallguardApp app = TestApps.start(TestApps.config(dir, Map.of()));
        int fastAgi = app.fastAgiPort();
        int admin = app.adminPort();
        assertThat(fastAgi).isPositive();
        assertThat(admin).isPositive().isNotEqualTo(fastAgi);
        assertThat(canConnect(fastAgi)).isTrue();
        assertThat(health(admin)).isEqualTo(200);
        assertThat(app.storeUrl()).startsWith("jdbc:h2:file:");

        await(app.stop());
        await(app.stop()); // idempotent
        assertThat(canConnect(fastAgi)).isFalse();
        assertThat(canConnect(admin)).isFalse();
    }

    @Test
    void directoryIsLoadedFromTheStoreAtStart() throws Exception {
        CallguardApp first = TestApps.start(TestApps.config(dir, Map.of()));
        assertThat(first.directory().accounts()).isEmpty();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + first.adminPort() + "/admin/v1/accounts"))
                .header("Authorization", "Bearer " + TestApps.TOKEN)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"kept\",\"name\":\"Kept\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        await(first.stop());

        CallguardApp second = TestApps.start(TestApps.config(dir, Map.of()));
        try {
            assertThat(second.directory().account("kept")).isPresent();
        } finally {
            await(second.stop());
        }
    }

    @Test
    void unknownPolicyFailsStartAsAConfigurationError() {
        assertThatThrownBy(() -> TestApps.start(TestApps.config(dir, Map.of("CALLGUARD_POLICIES", "emergency,nope,default"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policies[1]: unknown policy 'nope'");
    }

    @Test
    void aPolicyOfARuleModuleNotEnabledFailsStartNamingItsModule() throws Exception {
        // the shipped policies list names channel-cap and calls-per-second, whose module is left out here
        assertThatThrownBy(() -> TestApps.start(TestApps.config(dir,
                Map.of("CALLGUARD_MODULES", "cti,suspension,tariff-announcement"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policies[2]: 'calls-per-second' belongs to rule module 'call-caps', which is not "
                        + "enabled (modules: cti, suspension, tariff-announcement)");
        assertThatThrownBy(() -> TestApps.start(TestApps.config(dir, Map.of("CALLGUARD_MODULES", "cti,call-caps",
                "CALLGUARD_POLICIES", "emergency,suspension,channel-cap,default"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policies[1]: 'suspension' belongs to rule module 'suspension', which is not "
                        + "enabled (modules: cti, call-caps)");
        // an unknown name still reads as unknown, with every policy on the class path
        assertThatThrownBy(() -> TestApps.start(TestApps.config(dir, Map.of("CALLGUARD_MODULES", "cti",
                "CALLGUARD_POLICIES", "emergency,chanel-cap,default"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policies[1]: unknown policy 'chanel-cap' (known: calls-per-second, channel-cap, "
                        + "credit, default, emergency, suspension, tariff-announcement, toy)");

        // without the module and its policies, the app starts; nobody is suspended (no book, no policy)
        CallguardApp app = TestApps.start(TestApps.config(dir, Map.of("CALLGUARD_MODULES", "cti,call-caps",
                "CALLGUARD_POLICIES", "emergency,channel-cap,default")));
        try {
            assertThat(canConnect(app.fastAgiPort())).isTrue();
            assertThat(app.suspensions()).isNull();
        } finally {
            await(app.stop());
        }
    }

    @Test
    void badPolicySettingFailsStartNamingTheKey() {
        assertThatThrownBy(() -> TestApps.start(TestApps.config(dir,
                Map.of("CALLGUARD_POLICY_DEFAULT_UNKNOWN_ACCOUNT", "maybe"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policy.default.unknownAccount");
    }

    @Test
    void busyPortFailsStartAndReleasesTheRest() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> TestApps.start(TestApps.config(dir,
                    Map.of("CALLGUARD_ADMIN_PORT", Integer.toString(busy.getLocalPort())))))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("admin.port: 127.0.0.1:" + busy.getLocalPort() + " is already in use");
        }
        // the store was closed: a new app can open the same H2 file
        CallguardApp again = TestApps.start(TestApps.config(dir, Map.of()));
        await(again.stop());
    }

    @Test
    void mainReadsConfigArgumentOrRejectsUnknownArguments() throws IOException {
        Path file = Files.writeString(dir.resolve("cg.yaml"), "admin:\n  port: 9999\n");
        Map<String, String> env = Map.of("CALLGUARD_ADMIN_TOKEN", TestApps.TOKEN, "CALLGUARD_AMI_SECRET", "s");
        assertThat(Main.loadConfig(new String[] {"--config", file.toString()}, env, dir).admin().port()).isEqualTo(9999);
        assertThat(Main.loadConfig(new String[] {"--config=" + file}, env, dir).admin().port()).isEqualTo(9999);
        assertThat(Main.loadConfig(new String[0], env, dir).admin().port()).isEqualTo(8080);
        assertThatThrownBy(() -> Main.loadConfig(new String[] {"--verbose"}, env, dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown argument '--verbose'");
        assertThatThrownBy(() -> Main.loadConfig(new String[] {"--config"}, env, dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--config");
    }

    private static int health(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static boolean canConnect(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
