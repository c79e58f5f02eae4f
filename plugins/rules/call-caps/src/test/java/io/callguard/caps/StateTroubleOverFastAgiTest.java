package io.callguard.caps;

import io.callguard.asterisk.fastagi.DecisionVariables;
import io.callguard.asterisk.fastagi.FailureMode;
import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.asterisk.fastagi.FastAgiServer;
import io.callguard.core.policy.FailurePolicy;
import io.callguard.core.state.StateCalls;
import io.callguard.core.time.MutableClock;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.callguard.testkit.agi.EmulatedAgiClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caps behind a real FastAGI server on 127.0.0.1 over a state backend that never answers (Redis unreachable):
 * every session is answered, by the state timeout (reason {@code ERROR}, the adapter's failure mode) and not by the
 * FastAGI deadline (reason {@code DEADLINE}), and emergency calls are allowed at once. Real timers here (the
 * production ones: the JDK's for {@code state.timeout}, Vert.x's for the deadline), no sleep.
 */
class StateTroubleOverFastAgiTest {
    private static final Duration DEADLINE = Duration.ofMillis(1500);
    private static final Duration STATE_TIMEOUT = Duration.ofMillis(100);

    private Vertx vertx;
    private FastAgiServer server;
    private int port;
    private CapsFixture f;

    private void start(FailureMode failureMode) throws Exception {
        MutableClock clock = new MutableClock(CapsFixture.T0);
        TroubledAllocations backend = new TroubledAllocations(clock, TroubledAllocations.Mode.HANG);
        f = new CapsFixture(List.of("emergency", "calls-per-second", "channel-cap", "barring", "default"),
                Map.of(CallsPerSecondPolicy.NAME, Map.of("limit", 5)), backend, CapsSync.synced(),
                Map.of(StateCalls.class, new StateCalls(STATE_TIMEOUT, clock), MutableClock.class, clock));
        vertx = Vertx.vertx();
        server = new FastAgiServer(vertx, new FastAgiOptions("127.0.0.1", 0, DEADLINE, Duration.ofSeconds(5),
                Duration.ofSeconds(5), 2048, 128, failureMode, true), f.engine);
        port = await(server.start());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) await(server.stop(Duration.ZERO));
        if (vertx != null) await(vertx.close());
    }

    @Test
    void failOpenAllowsEveryCallByTheStateTimeoutNotTheDeadlineAnd112AtOnce() throws Exception {
        start(FailureMode.OPEN);
        List<AgiSessionResult> results = sessions(20);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
            assertThat(r.variable(DecisionVariables.VERDICT)).isEqualTo("ALLOW");
            assertThat(r.variable(DecisionVariables.REASON)).isEqualTo(FailurePolicy.ERROR);
        });
        assertEmergencyAllowed();
    }

    @Test
    void failClosedRefusesWithCause34ByTheStateTimeoutAnd112StillAllowed() throws Exception {
        start(FailureMode.CLOSED);
        List<AgiSessionResult> results = sessions(20);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
            assertThat(r.variable(DecisionVariables.VERDICT)).isEqualTo("DENY");
            assertThat(r.variable(DecisionVariables.REASON)).isEqualTo(FailurePolicy.ERROR);
            assertThat(r.variable(DecisionVariables.CAUSE)).isEqualTo("34");
        });
        assertEmergencyAllowed();
    }

    private List<AgiSessionResult> sessions(int n) throws Exception {
        EmulatedAgiClient asterisk = new EmulatedAgiClient(vertx);
        List<Future<AgiSessionResult>> sessions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sessions.add(asterisk.run("127.0.0.1", port, AgiEnvironment.outbound(String.format("PJSIP/trunk-a-%08x", i),
                    "1770009000." + i, "", "0140000000", "0612345678")));
        }
        return await(Future.all(sessions)).list();
    }

    private void assertEmergencyAllowed() throws Exception {
        long start = System.nanoTime();
        AgiSessionResult emergency = await(new EmulatedAgiClient(vertx).run("127.0.0.1", port,
                AgiEnvironment.outbound("PJSIP/trunk-a-000000ee", "1770009999.1", "", "0140000000", "112")));
        assertThat(emergency.variable(DecisionVariables.VERDICT)).isEqualTo("ALLOW");
        assertThat(emergency.variable(DecisionVariables.REASON)).isEqualTo("EMERGENCY");
        // not held by the backend: well under the state timeout's wait plus the deadline
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(DEADLINE.toMillis());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
