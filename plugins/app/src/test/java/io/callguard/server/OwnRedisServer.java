package io.callguard.server;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A redis-server of a test's own (the machine's stays untouched), no persistence, on a free port that it keeps across
 * a stop and a start, so that a test can take Redis away and bring it back empty. Skips the test without
 * redis-server, unless {@code CI=true}.
 */
public final class OwnRedisServer {
    private final Path home;
    private Process process;
    private int port;

    /** @param home its working directory and log ({@code redis.log}) */
    public OwnRedisServer(Path home) { this.home = home; }

    public int port() { return port; }

    public String url() { return "redis://127.0.0.1:" + port + "/0"; }

    /** Starts it (on the same port as before after a {@link #stop}) and waits until it listens. */
    public void start() {
        try {
            if (port == 0) {
                try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
            }
            Files.createDirectories(home);
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", home.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            assertThat("true".equals(System.getenv("CI"))).as("CI=true requires redis-server: " + e.getMessage()).isFalse();
            Assumptions.abort("redis-server not found (" + e.getMessage() + "): this test runs its own");
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.onSpinWait(); // redis-server binds within milliseconds; polled, not slept
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port + " within 10 s");
    }

    /** Kills it (as a crash would) and waits for its end; nothing when it does not run. */
    public void stop() throws InterruptedException {
        if (process == null) return;
        process.destroyForcibly();
        process.waitFor();
        process = null;
    }
}
