package io.callguard.server.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared state backend's Redis stops under load and comes back empty (a restart without persistence): every
 * decision is still answered well within the FastAGI deadline (the policies' state failure mode, never a hang), 112 is
 * always allowed, and once Redis is back the trunk's count is right again within one reconciliation (callguard
 * re-adopts the live calls its Asterisk still has). Runs its own redis-server on a free port (the machine's stays
 * untouched); skips without one, unless {@code CI=true}.
 */
class RedisOutageEndToEndTest extends CapsEndToEndFixture {
    private Process redis;
    private int redisPort;

    @Override
    Map<String, String> settings() {
        if (redis == null) startRedis();
        return Map.of("CALLGUARD_STATE_BACKEND", "redis",
                "CALLGUARD_STATE_REDIS_URL", "redis://127.0.0.1:" + redisPort + "/0",
                // what the outage must stay within (the fixture's 10 s would hide a hang)
                "CALLGUARD_FASTAGI_DECISION_DEADLINE", "2s",
                "CALLGUARD_CAPS_ORPHAN_GRACE", "1s");
    }

    @AfterEach
    void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroyForcibly();
            redis.waitFor();
        }
    }

    @Test
    void decisionsAreAnsweredWhileRedisIsDownAndTheCountHealsOnceItIsBack() throws Exception {
        Call first = call(outbound(MOBILE));
        Call second = call(outbound(MOBILE));
        assertThat(List.of(first.verdict(), second.verdict())).containsExactly("ALLOW", "ALLOW");
        Call third = call(outbound(MOBILE));
        assertThat(third.reason()).isEqualTo("TRUNK_FULL");
        hangup(third, 34); // Asterisk hangs a refused call up

        redis.destroyForcibly();
        redis.waitFor();
        List<Call> during = new ArrayList<>();
        for (int i = 0; i < 10; i++) during.add(call(outbound(i % 2 == 0 ? MOBILE : "112")));
        for (Call c : during) {
            assertThat(c.verdict()).as("answered by the policies, not by the deadline").isNotNull();
            assertThat(c.reason()).isNotEqualTo("DEADLINE");
        }
        assertThat(during.stream().filter(c -> "ALLOW".equals(c.verdict()) && "EMERGENCY".equals(c.reason())).count())
                .as("112 always allowed").isEqualTo(5);
        for (Call c : during) hangup(c, 16);
        until("/ready shows Redis down (state.redis.fallback: none)", () -> "REDIS_DOWN".equals(readyState()));

        startRedis(); // empty: its data went with it
        // a decided call without a slot is adopted once older than caps.orphanGrace (1 s here): callguard's clock moves on
        clock.advance(Duration.ofSeconds(2));
        until("the two live calls counted again", () -> inUse() == 2);
        until("/ready shows Redis back", () -> "REDIS".equals(readyState()));
        Call full = call(outbound(MOBILE));
        assertThat(full.reason()).isEqualTo("TRUNK_FULL");
        hangup(full, 34);
        hangup(first, 16);
        until("one slot free", () -> inUse() == 1);
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
    }

    private String readyState() {
        return io.callguard.server.TestApps.await(http.get("/ready").send()).bodyAsJsonObject().getString("state");
    }

    /** A redis-server of this test's own, no persistence, on a free port (the same one after a stop). */
    private void startRedis() {
        try {
            if (redisPort == 0) {
                try (ServerSocket s = new ServerSocket(0)) { redisPort = s.getLocalPort(); }
            }
            Path home = Files.createDirectories(dir.resolve("redis"));
            redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", home.toString())
                    .redirectErrorStream(true).redirectOutput(home.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            assertThat("true".equals(System.getenv("CI"))).as("CI=true requires redis-server: " + e.getMessage()).isFalse();
            Assumptions.abort("redis-server not found (" + e.getMessage() + "): this test runs its own");
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            try (Socket s = new Socket("127.0.0.1", redisPort)) {
                return;
            } catch (IOException e) {
                Thread.onSpinWait(); // redis-server binds within milliseconds; polled, not slept
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + redisPort + " within 10 s");
    }
}
