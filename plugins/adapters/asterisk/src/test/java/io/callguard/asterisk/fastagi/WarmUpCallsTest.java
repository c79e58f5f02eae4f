package io.callguard.asterisk.fastagi;

import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.PolicyChain;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision path's warm-up: sample calls over a directory and clock of its own, through the caller's chain. */
@ExtendWith(VertxExtension.class)
class WarmUpCallsTest {
    private static FastAgiOptions options(int sessions) {
        FastAgiOptions o = FastAgiFixture.options();
        return new FastAgiOptions(o.host(), o.port(), o.decisionDeadline(), o.headerTimeout(), o.replyTimeout(),
                o.maxLineLength(), o.maxHeaderLines(), o.failureMode(), o.useMSet(), sessions);
    }

    @Test
    void theSampleCallsReachTheChainOverTheWarmUpsOwnDirectory(Vertx vertx) {
        AtomicInteger decided = new AtomicInteger();
        Set<String> accounts = ConcurrentHashMap.newKeySet();
        AtomicReference<Clock> clock = new AtomicReference<>();
        Policy recording = FastAgiFixture.policy("recording", c -> {
            decided.incrementAndGet();
            if (c.accountKnown()) accounts.add(c.accountId());
            return Policy.pass();
        });
        FastAgiFixture.await(WarmUpCalls.run(vertx, options(10), FrenchNumberingPlan.withDefaults(), (directory, c, tracker) -> {
            clock.set(c);
            assertThat(directory.account("callguard-warm-up")).isPresent();
            return new PolicyChain(List.of(recording), Decision.allow("FALLBACK", null));
        }));
        assertThat(decided.get()).as("sessions that reached the chain").isPositive();
        assertThat(accounts).containsExactly("callguard-warm-up");
        assertThat(Duration.between(clock.get().instant(), clock.get().instant())).as("a day per reading")
                .isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aChainThatCannotBeBuiltOnlySkipsTheWarmUp(Vertx vertx) {
        FastAgiFixture.await(WarmUpCalls.run(vertx, options(10), FrenchNumberingPlan.withDefaults(), (d, c, t) -> {
            throw new IllegalStateException("no service X");
        }));
        AtomicInteger built = new AtomicInteger();
        FastAgiFixture.await(WarmUpCalls.run(vertx, options(0), FrenchNumberingPlan.withDefaults(), (d, c, t) -> {
            built.incrementAndGet();
            return new PolicyChain(List.of(), Decision.allow("FALLBACK", null));
        }));
        assertThat(built.get()).as("no sessions, no chain").isZero();
    }
}
