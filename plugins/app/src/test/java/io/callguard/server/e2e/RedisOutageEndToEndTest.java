package io.callguard.server.e2e;

import io.callguard.server.OwnRedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared state backend's Redis stops under load and comes back empty (a restart without persistence): every
 * decision is still answered well within the FastAGI deadline (the policies' state failure mode, never a hang), 112 is
 * always allowed, and once Redis is back the trunk's count is right again within one reconciliation (callguard
 * re-adopts the live calls its Asterisk still has). Runs its own redis-server on a free port (the machine's stays
 * untouched); skips without one, unless {@code CI=true}.
 */
class RedisOutageEndToEndTest extends CapsEndToEndFixture {
    private OwnRedisServer redis;

    @Override
    Map<String, String> settings() {
        if (redis == null) startRedis();
        return Map.of("CALLGUARD_STATE_BACKEND", "redis",
                "CALLGUARD_STATE_REDIS_URL", redis.url(),
                // what the outage must stay within (the fixture's 10 s would hide a hang)
                "CALLGUARD_FASTAGI_DECISION_DEADLINE", "2s",
                "CALLGUARD_CAPS_ORPHAN_GRACE", "1s");
    }

    @AfterEach
    void stopRedis() throws InterruptedException {
        if (redis != null) redis.stop();
    }

    @Test
    void decisionsAreAnsweredWhileRedisIsDownAndTheCountHealsOnceItIsBack() throws Exception {
        Call first = call(outbound(MOBILE));
        Call second = call(outbound(MOBILE));
        assertThat(List.of(first.verdict(), second.verdict())).containsExactly("ALLOW", "ALLOW");
        Call third = call(outbound(MOBILE));
        assertThat(third.reason()).isEqualTo("TRUNK_FULL");
        hangup(third, 34); // Asterisk hangs a refused call up

        redis.stop();
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

    /** This test's own redis-server, started (again, on the same port after a stop). */
    private void startRedis() {
        if (redis == null) redis = new OwnRedisServer(dir.resolve("redis"));
        redis.start();
    }
}
