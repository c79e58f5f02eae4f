package io.callguard.asterisk.fastagi;

import io.callguard.core.policy.Policy;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up warm-up runs real sessions over loopback through the engine, on a listener of its own. */
@ExtendWith(VertxExtension.class)
class FastAgiWarmUpTest {
    private static final String HEADER = "agi_network: yes\nagi_network_script: outbound\n"
            + "agi_channel: PJSIP/trunk-a-00000001\nagi_uniqueid: 1.1\nagi_callerid: 0140000000\n"
            + "agi_extension: 0612345678\nagi_accountcode: acme\nagi_arg_1: 0612345678\n\n";
    private static final String EMERGENCY = HEADER.replace("0612345678", "112");

    @Test
    void everySessionIsDecidedByTheEngineWithEitherCommandStyle(Vertx vertx) {
        for (boolean mset : List.of(true, false)) {
            AtomicInteger decided = new AtomicInteger();
            Policy counting = FastAgiFixture.policy("counting", c -> {
                decided.incrementAndGet();
                return Policy.pass();
            });
            FastAgiOptions o = FastAgiFixture.options();
            FastAgiOptions options = new FastAgiOptions(o.host(), o.port(), o.decisionDeadline(), o.headerTimeout(),
                    o.replyTimeout(), o.maxLineLength(), o.maxHeaderLines(), o.failureMode(), mset, 50);

            FastAgiWarmUp.Result r = FastAgiFixture.await(FastAgiWarmUp.run(vertx, options,
                    FastAgiFixture.engine(FastAgiFixture.emergencyPolicy(), counting,
                            FastAgiFixture.knownAccountPolicy()), List.of(HEADER, EMERGENCY), 50));

            assertThat(r.sessions()).isEqualTo(50);
            assertThat(r.answered()).as("useMSet=%s", mset).isEqualTo(50);
            assertThat(decided.get()).as("non-emergency sessions that reached the chain").isEqualTo(25);
            assertThat(r.took()).isPositive();
        }
    }

    @Test
    void noSessionsOrNoHeadersIsANoOp(Vertx vertx) {
        FastAgiWarmUp.Result r = FastAgiFixture.await(FastAgiWarmUp.run(vertx, FastAgiFixture.options(),
                FastAgiFixture.engine(FastAgiFixture.knownAccountPolicy()), List.of(HEADER), 0));
        assertThat(r).isEqualTo(new FastAgiWarmUp.Result(0, 0, Duration.ZERO));
    }
}
