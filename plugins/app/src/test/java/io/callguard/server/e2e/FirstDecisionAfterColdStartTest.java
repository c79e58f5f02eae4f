package io.callguard.server.e2e;

import io.callguard.asterisk.fastagi.DecisionVariables;
import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.policy.Decision;
import io.callguard.server.CallguardApp;
import io.callguard.server.Main;
import io.callguard.server.TestApps;
import io.callguard.store.Store;
import io.callguard.store.StoreOptions;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.callguard.testkit.agi.EmulatedAgiClient;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A freshly started callguard in its own JVM (the server's main class, from this module's class path, as
 * {@code java -jar callguard.jar} runs it) answers its very first FastAGI session with the chain's decision within
 * fastagi.decisionDeadline: not with the deadline fail-safe (no DEADLINE reason, no deadline hit in the server's
 * counters), and no later than the deadline itself. A cold decision path took 0.3–2.6 s on a 2-core machine.
 */
class FirstDecisionAfterColdStartTest {
    private static final Duration DEADLINE = FastAgiOptions.defaults().decisionDeadline();
    private static final Pattern STARTED = Pattern.compile("callguard started: fastagi 127\\.0\\.0\\.1:(\\d+),");

    @TempDir Path dir;
    private Vertx vertx;
    private EmulatedAgiClient asterisk;
    private Process child;
    private Path log;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        asterisk = new EmulatedAgiClient(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        TestApps.await(asterisk.close());
        TestApps.await(vertx.close());
    }

    @Test
    void firstSessionAfterAColdStartIsDecidedByTheChainWithinTheDeadline() throws Exception {
        String jdbcUrl = "jdbc:h2:file:" + dir.resolve("callguard").toAbsolutePath();
        try (Store store = Store.open(new StoreOptions(jdbcUrl, "", "", 2, Duration.ofSeconds(5)))) {
            store.insertAccount(new Account("acme", "Acme SARL", Account.DEFAULT_MAX_CALL_SECONDS));
            store.insertTrunk(new Trunk("trunk-a", "acme", TrunkKind.T0_IP, TrunkKind.T0_IP.defaultChannels()));
        }
        warmThisSideOfTheWire();

        log = dir.resolve("callguard.log");
        child = startCallguard(jdbcUrl);
        int port = fastAgiPort();
        AgiSessionResult first = TestApps.await(asterisk.run("127.0.0.1", port,
                AgiEnvironment.outbound("PJSIP/trunk-a-00000001", "1795713716.3", "acme", "0140000000", "0612345678")));

        assertThat(first.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(first.variables()).as("the chain's own ALLOW, not a fail-safe (DEADLINE/ERROR)")
                .containsEntry(DecisionVariables.VERDICT, "ALLOW").containsEntry(DecisionVariables.MAX_SECONDS, "7200")
                .doesNotContainKey(DecisionVariables.REASON);
        assertThat(first.elapsed()).as("header sent to connection closed, decision included")
                .isLessThanOrEqualTo(DEADLINE);

        child.destroy(); // SIGTERM: the shutdown hook stops FastAGI, which sums up its counters
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("callguard stopped").isTrue();
        List<String> lines = lines();
        assertThat(lines).anyMatch(l -> l.contains("FastAGI stopped: FastAgiStats[sessionsOpened=1, activeSessions=0, "
                + "allowed=1, denied=0, deadlineHits=0, policyErrors=0"));
        assertThat(lines).noneMatch(l -> l.contains("answering the failure decision"));
        int warmedUp = indexOf(lines, "decision path warmed up before FastAGI listens: "
                + FastAgiOptions.DEFAULT_WARM_UP_SESSIONS + " synthetic sessions (" + FastAgiOptions.DEFAULT_WARM_UP_SESSIONS
                + " answered) in ");
        assertThat(warmedUp).as("warm-up line").isNotNegative();
        assertThat(warmedUp).as("warmed up before listening").isLessThan(indexOf(lines, "FastAGI listening on"));
    }

    /** The test's own FastAGI client is a cold JVM too: run it against an in-process callguard first. */
    private void warmThisSideOfTheWire() {
        CallguardApp app = TestApps.start(TestApps.config(dir.resolve("client-warm-up"),
                Map.of("CALLGUARD_FASTAGI_WARM_UP_SESSIONS", "0")));
        try {
            for (int i = 0; i < 50; i++) {
                TestApps.await(asterisk.run("127.0.0.1", app.fastAgiPort(), AgiEnvironment.outbound(
                        "PJSIP/trunk-a-00000001", "1.1", "acme", "0140000000", "0612345678")));
            }
        } finally {
            TestApps.await(app.stop());
        }
    }

    private Process startCallguard(String jdbcUrl) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // surefire's manifest-only booter jar hides the real class path in this property
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // the service's own logback.xml, not this module's logback-test.xml: the lines are the ones the jar writes
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", classPath, "-Dlogback.configurationFile=logback.xml",
                Main.class.getName())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("CALLGUARD_"));
        env.put("CALLGUARD_ADMIN_TOKEN", TestApps.TOKEN);
        env.put("CALLGUARD_ADMIN_PORT", "0");
        env.put("CALLGUARD_FASTAGI_PORT", "0");
        env.put("CALLGUARD_CTI_PORT", "0");
        env.put("CALLGUARD_AMI_ENABLED", "false");
        env.put("CALLGUARD_STORE_JDBC_URL", jdbcUrl);
        env.put("CALLGUARD_SHUTDOWN_DRAIN_TIMEOUT", "0s");
        return builder.start();
    }

    /** Waits (bounded) for the start line and reads FastAGI's port from it. */
    private int fastAgiPort() {
        int[] port = {-1};
        TestApps.until(vertx, "callguard started", Duration.ofSeconds(120), () -> {
            for (String line : lines()) {
                Matcher m = STARTED.matcher(line);
                if (m.find()) port[0] = Integer.parseInt(m.group(1));
            }
            return port[0] > 0 || !child.isAlive();
        });
        assertThat(port[0]).as("FastAGI port; output: %s", lines()).isPositive();
        return port[0];
    }

    /** What the child wrote so far (stdout and stderr, to a file: nothing is lost when it exits). */
    private List<String> lines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(fragment)) return i;
        return -1;
    }
}
