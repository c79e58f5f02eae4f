package io.callguard.asterisk.fastagi;

import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Policy;
import io.callguard.testkit.agi.AgiSessionResult;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Whatever the policies do, every session gets an answer: the failure decision stands in for a missing one. */
@ExtendWith(VertxExtension.class)
class DecisionDeadlineTest {
    private FastAgiFixture fx;
    private final CompletableFuture<Optional<Decision>> never = new CompletableFuture<>();

    @AfterEach
    void stop() {
        if (fx != null) fx.stop();
    }

    private static FastAgiOptions options(FailureMode mode) {
        FastAgiOptions o = FastAgiFixture.options();
        return new FastAgiOptions(o.host(), o.port(), Duration.ofMillis(100), o.headerTimeout(), o.replyTimeout(),
                o.maxLineLength(), o.maxHeaderLines(), mode, o.useMSet());
    }

    private Policy stalled() { return FastAgiFixture.policy("stalled", c -> never); }

    @Test
    void failOpenAllowsWithReasonDeadlineWhenTheEngineIsTooSlow(Vertx vertx) {
        fx = FastAgiFixture.start(vertx, options(FailureMode.OPEN), stalled());

        AgiSessionResult r = fx.call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"));

        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(r.variables()).containsExactly(entry(DecisionVariables.VERDICT, "ALLOW"), entry(DecisionVariables.REASON, "DEADLINE"));
        assertThat(fx.server.stats().deadlineHits()).isEqualTo(1);
    }

    @Test
    void failClosedDeniesWithCause34WhenTheEngineIsTooSlow(Vertx vertx) {
        fx = FastAgiFixture.start(vertx, options(FailureMode.CLOSED), stalled());

        AgiSessionResult r = fx.call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"));

        assertThat(r.variables()).containsExactly(entry(DecisionVariables.VERDICT, "DENY"), entry(DecisionVariables.REASON, "DEADLINE"),
                entry(DecisionVariables.CAUSE, "34"), entry(DecisionVariables.PROMPT, "callguard/service-unavailable"));
    }

    @Test
    void emergencyCallIsAllowedOnDeadlineEvenWhenFailClosed(Vertx vertx) {
        fx = FastAgiFixture.start(vertx, options(FailureMode.CLOSED), stalled());

        AgiSessionResult r = fx.call(FastAgiFixture.outbound("nobody", "PJSIP/stranger-00000001", "112"));

        assertThat(r.variables()).containsExactly(entry(DecisionVariables.VERDICT, "ALLOW"), entry(DecisionVariables.REASON, "EMERGENCY"));
    }

    @Test
    void failingPolicyGivesTheFailureDecisionWithReasonError(Vertx vertx) {
        fx = FastAgiFixture.start(vertx, options(FailureMode.CLOSED),
                FastAgiFixture.policy("broken", c -> CompletableFuture.failedFuture(new IllegalStateException("backend down"))));

        AgiSessionResult r = fx.call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"));

        assertThat(r.variables()).containsEntry(DecisionVariables.VERDICT, "DENY").containsEntry(DecisionVariables.REASON, "ERROR")
                .containsEntry(DecisionVariables.CAUSE, "34");
        assertThat(fx.server.stats().policyErrors()).isEqualTo(1);
    }

    @Test
    void throwingPolicyFailsOpenWithReasonError(Vertx vertx) {
        fx = FastAgiFixture.start(vertx, options(FailureMode.OPEN),
                FastAgiFixture.policy("throws", c -> { throw new IllegalStateException("bug"); }));

        AgiSessionResult r = fx.call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"));

        assertThat(r.variables()).containsExactly(entry(DecisionVariables.VERDICT, "ALLOW"), entry(DecisionVariables.REASON, "ERROR"));
    }

    @Test
    void decisionCompletedOnAnotherThreadIsSentFromTheConnection(Vertx vertx) {
        ExecutorService elsewhere = Executors.newSingleThreadExecutor();
        try {
            fx = FastAgiFixture.start(vertx, FastAgiFixture.options(), FastAgiFixture.policy("remote",
                    c -> CompletableFuture.supplyAsync(() -> Optional.of(Decision.allow(600)), elsewhere)));

            AgiSessionResult r = fx.call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"));

            assertThat(r.variables()).containsExactly(entry(DecisionVariables.VERDICT, "ALLOW"), entry(DecisionVariables.MAX_SECONDS, "600"));
        } finally {
            elsewhere.shutdownNow();
        }
    }

    @Test
    void lateDecisionAfterTheDeadlineIsIgnored(Vertx vertx) {
        fx = FastAgiFixture.start(vertx, options(FailureMode.OPEN), stalled());

        AgiSessionResult r = fx.call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"));
        never.complete(Optional.of(Decision.deny("LATE", 21, null)));
        AgiSessionResult next = fx.call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"));

        assertThat(r.commands()).hasSize(1);
        assertThat(r.variables()).containsEntry(DecisionVariables.REASON, "DEADLINE");
        // the stage is now complete: the next call gets the policy's own answer
        assertThat(next.variables()).containsEntry(DecisionVariables.REASON, "LATE");
        assertThat(fx.server.stats().deadlineHits()).isEqualTo(1);
        assertThat(fx.server.stats().allowed()).isEqualTo(1);
        assertThat(fx.server.stats().denied()).isEqualTo(1);
    }
}
