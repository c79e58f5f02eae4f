package io.callguard.asterisk.fastagi;

import io.callguard.core.policy.Decision;
import io.callguard.testkit.agi.AgiSessionResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

@ExtendWith(VertxExtension.class)
class FastAgiServerStopTest {
    private final CompletableFuture<Optional<Decision>> pending = new CompletableFuture<>();
    private final CompletableFuture<Void> asked = new CompletableFuture<>();

    private FastAgiFixture start(Vertx vertx) {
        FastAgiOptions o = FastAgiFixture.options();
        return FastAgiFixture.start(vertx, new FastAgiOptions(o.host(), o.port(), Duration.ofSeconds(30),
                o.headerTimeout(), o.replyTimeout(), o.maxLineLength(), o.maxHeaderLines(), o.failureMode(), true),
                FastAgiFixture.policy("held", c -> {
                    asked.complete(null);
                    return pending;
                }));
    }

    @Test
    void stopLetsAnInFlightSessionFinishAndRefusesNewOnes(Vertx vertx) throws Exception {
        FastAgiFixture fx = start(vertx);
        Future<AgiSessionResult> inFlight = fx.asterisk.run(FastAgiFixture.HOST, fx.port,
                FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"));
        asked.get(10, java.util.concurrent.TimeUnit.SECONDS);

        Future<Void> stopped = fx.server.stop(Duration.ofSeconds(10));
        AgiSessionResult refused = FastAgiFixture.await(fx.asterisk.run(FastAgiFixture.HOST, fx.port,
                FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000002", "0612345678")));
        pending.complete(Optional.of(Decision.allow(900)));

        AgiSessionResult r = FastAgiFixture.await(inFlight);
        FastAgiFixture.await(stopped);
        // refused, or reset from the backlog while the listener closes: either way never served
        assertThat(refused.status()).isIn(AgiSessionResult.Status.FAILURE, AgiSessionResult.Status.SUCCESS);
        assertThat(refused.commands()).isEmpty();
        assertThat(fx.server.stats().sessionsOpened()).isEqualTo(1);
        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(r.variables()).containsExactly(entry(DecisionVariables.VERDICT, "ALLOW"), entry(DecisionVariables.MAX_SECONDS, "900"));
        assertThat(fx.server.activeSessions()).isZero();
    }

    @Test
    void stopClosesSessionsStillOpenAfterTheDrain(Vertx vertx) throws Exception {
        FastAgiFixture fx = start(vertx);
        Future<AgiSessionResult> inFlight = fx.asterisk.run(FastAgiFixture.HOST, fx.port,
                FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678"));
        asked.get(10, java.util.concurrent.TimeUnit.SECONDS);

        FastAgiFixture.await(fx.server.stop(Duration.ofMillis(100)));

        AgiSessionResult r = FastAgiFixture.await(inFlight);
        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(r.commands()).isEmpty();
        assertThat(fx.server.activeSessions()).isZero();
    }
}
