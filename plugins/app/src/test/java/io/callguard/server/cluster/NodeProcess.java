package io.callguard.server.cluster;

import io.callguard.server.Main;
import io.callguard.server.TestApps;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One callguard node as its own process ({@code java -cp <the test class path> io.callguard.server.Main}), on the
 * system clock, with the settings a cluster test gives it (its store, its state backend, its AMI server): what the
 * cluster's Must-show lines ask for ("two callguard processes"), including {@code kill -9}. Its output goes to a
 * file in the test's directory, read back for the start line (the listeners' ports) and on failure.
 */
final class NodeProcess implements AutoCloseable {
    private static final Pattern STARTED =
            Pattern.compile("callguard started: fastagi [^:]+:(\\d+), admin http://[^:]+:(\\d+), cti http://[^:]+:(\\d+),");

    final String name;
    private final Process process;
    private final Path log;
    private int fastAgiPort = -1;
    private int adminPort = -1;
    private int ctiPort = -1;

    private NodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts node {@code name} with the test defaults of {@link TestApps#config} (ports 0) and {@code settings}. */
    static NodeProcess start(String name, Path dir, Map<String, String> settings) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Path log = home.resolve("callguard.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        // surefire's manifest-only booter jar hides the real class path in this property
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath,
                "-Dlogback.configurationFile=logback.xml", Main.class.getName())
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("CALLGUARD_"));
        env.put("CALLGUARD_ADMIN_TOKEN", TestApps.TOKEN);
        env.put("CALLGUARD_ADMIN_PORT", "0");
        env.put("CALLGUARD_FASTAGI_PORT", "0");
        env.put("CALLGUARD_CTI_PORT", "0");
        env.put("CALLGUARD_AMI_ENABLED", "false");
        env.put("CALLGUARD_SHUTDOWN_DRAIN_TIMEOUT", "0s");
        env.put("CALLGUARD_RECORDS_SIGNING_KEY_FILE", home.resolve("records-signing-key.pem").toString());
        env.put("CALLGUARD_RECORDS_SPILL_DIR", home.resolve("records-spill").toString());
        env.put("CALLGUARD_NODE_ID", name);
        env.putAll(settings);
        return new NodeProcess(name, builder.start(), log);
    }

    /** Waits (bounded) for the start line; fails with the node's output when it exits or never starts. */
    NodeProcess awaitStarted(Vertx vertx) {
        TestApps.until(vertx, name + " started", Duration.ofSeconds(120), () -> {
            for (String line : lines()) {
                Matcher m = STARTED.matcher(line);
                if (m.find()) {
                    fastAgiPort = Integer.parseInt(m.group(1));
                    adminPort = Integer.parseInt(m.group(2));
                    ctiPort = Integer.parseInt(m.group(3));
                }
            }
            return fastAgiPort > 0 || !process.isAlive();
        });
        if (fastAgiPort <= 0) throw new AssertionError(name + " did not start; its output:\n" + String.join("\n", lines()));
        return this;
    }

    int fastAgiPort() { return fastAgiPort; }

    int adminPort() { return adminPort; }

    int ctiPort() { return ctiPort; }

    long pid() { return process.pid(); }

    /** {@code kill -9}: no shutdown hook, no lease given back. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** What the node wrote so far. */
    List<String> lines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of("(output unreadable: " + e + ")");
        }
    }

    /** SIGTERM, then (bounded) SIGKILL. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) kill9();
    }
}
