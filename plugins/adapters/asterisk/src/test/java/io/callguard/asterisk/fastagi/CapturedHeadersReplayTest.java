package io.callguard.asterisk.fastagi;

import io.callguard.core.policy.Decision;
import io.callguard.testkit.CaptureAssumptions;
import io.callguard.testkit.agi.AgiCaptures;
import io.callguard.testkit.agi.AgiSessionResult;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every header block a real Asterisk 22 sent gets a decision (skipped without the captures, failed under CI=true). */
@ExtendWith(VertxExtension.class)
class CapturedHeadersReplayTest {
    private FastAgiFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) fx.stop();
    }

    @Test
    void everyCapturedHeaderGetsADecision(Vertx vertx) {
        CaptureAssumptions.requireCaptures();
        List<AgiCaptures.CapturedSession> sessions = AgiCaptures.sessions();
        assertThat(sessions).as("header blocks in the captures").isNotEmpty();
        fx = FastAgiFixture.start(vertx, FastAgiFixture.options());

        for (AgiCaptures.CapturedSession captured : sessions) {
            AgiSessionResult r = fx.call(captured.environment());
            assertThat(r.status()).as(captured.toString()).isEqualTo(AgiSessionResult.Status.SUCCESS);
            assertThat(r.variable(DecisionVariables.VERDICT)).as(captured.toString()).isIn("ALLOW", "DENY");
        }
        assertThat(fx.server.stats().decisionsAnswered()).isEqualTo(sessions.size());
        assertThat(fx.server.stats().malformed()).isZero();
    }
}
