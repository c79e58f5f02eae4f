package io.callguard.asterisk.fastagi;

import io.callguard.core.policy.Decision;
import io.callguard.testkit.agi.AgiBehaviour;
import io.callguard.testkit.agi.AgiSessionResult;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Hangups, refusals and silence from the Asterisk side end the session promptly and leave nothing open. */
@ExtendWith(VertxExtension.class)
class AsteriskSideEndingsTest {
    private FastAgiFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) fx.stop();
    }

    private static FastAgiOptions options(Duration deadline, Duration replyTimeout, boolean useMSet) {
        FastAgiOptions o = FastAgiFixture.options();
        return new FastAgiOptions(o.host(), o.port(), deadline, o.headerTimeout(), replyTimeout, o.maxLineLength(),
                o.maxHeaderLines(), o.failureMode(), useMSet);
    }

    @Test
    void hangupBeforeTheDecisionClosesAtOnceWithoutSendingAnything(Vertx vertx) {
        // the decision would only come at the 30 s deadline: an answer now proves the HANGUP line closed the session
        fx = FastAgiFixture.start(vertx, options(Duration.ofSeconds(30), Duration.ofSeconds(2), true),
                FastAgiFixture.policy("stalled", c -> new CompletableFuture<Optional<Decision>>()));

        AgiSessionResult r = fx.call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"),
                AgiBehaviour.hangUpBeforeFirstCommand().withMaxSessionTime(Duration.ofSeconds(5)));

        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.HANGUP);
        assertThat(r.commands()).isEmpty();
        fx.until(() -> fx.server.activeSessions() == 0, "the session is closed");
        assertThat(fx.server.stats().hangupsBeforeDecision()).isEqualTo(1);
        assertThat(fx.server.stats().decisionsAnswered()).isZero();
    }

    @Test
    void hangupWhileWaitingForAReplyStillSetsEveryVariable(Vertx vertx) {
        fx = FastAgiFixture.start(vertx, options(Duration.ofMillis(250), Duration.ofSeconds(2), false));

        AgiSessionResult r = fx.call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"),
                AgiBehaviour.hangUpAfterCommands(1));

        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.HANGUP);
        assertThat(r.variables()).containsExactly(entry(DecisionVariables.VERDICT, "ALLOW"), entry(DecisionVariables.MAX_SECONDS, "7200"));
    }

    @Test
    void deadChannelReplyStopsTheCommandsAndCloses(Vertx vertx) {
        fx = FastAgiFixture.start(vertx, options(Duration.ofMillis(250), Duration.ofSeconds(2), false));

        AgiSessionResult r = fx.call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"),
                AgiBehaviour.replyingWith(AgiBehaviour.DEAD_CHANNEL));

        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(r.commands()).hasSize(1);
        fx.until(() -> fx.server.activeSessions() == 0, "the session is closed");
        assertThat(fx.server.stats().replyFailures()).isEqualTo(1);
    }

    @Test
    void multiLineUsageReplyIsReadToItsEndThenTheSessionCloses(Vertx vertx) {
        fx = FastAgiFixture.start(vertx, options(Duration.ofMillis(250), Duration.ofSeconds(2), false));

        AgiSessionResult r = fx.call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"),
                AgiBehaviour.usageErrorOnFirstCommand());

        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(r.commands()).hasSize(1);
        fx.until(() -> fx.server.activeSessions() == 0, "the session is closed");
        assertThat(fx.server.stats().replyFailures()).isEqualTo(1);
    }

    @Test
    void unknownCommandReplyCloses(Vertx vertx) {
        fx = FastAgiFixture.start(vertx, options(Duration.ofMillis(250), Duration.ofSeconds(2), true));

        AgiSessionResult r = fx.call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"),
                AgiBehaviour.replyingWith(AgiBehaviour.UNKNOWN_COMMAND));

        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(r.commands()).hasSize(1);
    }

    @Test
    void silentAsteriskIsClosedAfterTheReplyTimeout(Vertx vertx) {
        fx = FastAgiFixture.start(vertx, options(Duration.ofMillis(250), Duration.ofMillis(200), true));

        AgiSessionResult r = fx.call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"),
                AgiBehaviour.neverAnswering().withMaxSessionTime(Duration.ofSeconds(5)));

        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(r.commands()).hasSize(1);
        fx.until(() -> fx.server.activeSessions() == 0, "the session is closed");
        assertThat(fx.server.stats().replyFailures()).isEqualTo(1);
    }
}
