package io.callguard.core.policy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.callguard.core.policy.TestCalls.ACME;
import static io.callguard.core.policy.TestCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

class HookFailuresTest {
    private static final Decision FALLBACK = Decision.allow(7200);
    private static final Decision DENY = Decision.deny("BARRED", 21, null);

    /** The logger production code writes to: what the operator sees. */
    private final Logger logger = (Logger) LoggerFactory.getLogger(HookFailures.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final CallContext call = call(Direction.OUTBOUND, ACME, "0612345678");

    @BeforeEach
    void attach() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() { logger.detachAppender(lines); }

    private List<ILoggingEvent> warnings() {
        return lines.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    }

    /** A policy that passes and whose onDecided always throws, as a channel cap failing to reserve would. */
    private static Policy failingOnDecided(String name) {
        return new Policy() {
            @Override public String name() { return name; }
            @Override public CompletionStage<Optional<Decision>> evaluate(CallContext c) { return Policy.pass(); }
            @Override public void onDecided(CallContext c, Decision d) { throw new IllegalStateException("slot book broken"); }
        };
    }

    @Test
    void aThrowingOnDecidedIsLoggedOnceNamingThePolicyAndCountedWhileTheDecisionIsAnswered() throws Exception {
        RecordingPolicy after = RecordingPolicy.settling("after", DENY);
        PolicyChain chain = new PolicyChain(List.of(failingOnDecided("channel-cap"), after), FALLBACK);

        Decision d = chain.decide(call).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(d).isEqualTo(DENY);
        assertThat(after.decided).as("the policies after it still hear the decision").containsExactly(DENY);
        assertThat(warnings()).hasSize(1);
        ILoggingEvent line = warnings().get(0);
        assertThat(line.getFormattedMessage()).contains("policy 'channel-cap'", "onDecided", call.uniqueId(),
                "slot book broken");
        assertThat(line.getThrowableProxy()).as("with its stack trace").isNotNull();
        assertThat(chain.failures().ofPolicy("channel-cap")).isEqualTo(1);
        assertThat(chain.failures().ofPolicy("after")).isZero();
        assertThat(chain.failures().snapshot()).isEqualTo(Map.of("policy:channel-cap", 1L));
    }

    @Test
    void aThrowingListenerIsLoggedOnceNamingItAndCountedWhileTheDecisionIsAnswered() throws Exception {
        List<Decision> heardAfter = new ArrayList<>();
        DecisionListener broken = new DecisionListener() {
            @Override public void onDecision(CallContext c, Decision d) { throw new IllegalStateException("tracker broken"); }
            @Override public String name() { return "call-tracker"; }
        };
        DecisionListener next = (c, d) -> heardAfter.add(d);
        PolicyChain chain = new PolicyChain(List.of(RecordingPolicy.settling("deny", DENY)), FALLBACK);
        DecisionEngine engine = new DecisionEngine(new InMemoryDirectory(), TestCalls.PLAN, chain,
                new MutableClock(TestCalls.T0), List.of(broken, next));

        Decision d = engine.decide(new CallRequest(Direction.OUTBOUND, "acme", "trunk-a", "0198765432", "0612345678",
                "PJSIP/trunk-a-00000001", "1700000000.1")).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(d).isEqualTo(DENY);
        assertThat(heardAfter).as("the listeners after it still hear the decision").containsExactly(DENY);
        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0).getFormattedMessage()).contains("listener 'call-tracker'", "1700000000.1",
                "tracker broken");
        assertThat(engine.hookFailures().ofListener("call-tracker")).isEqualTo(1);
        assertThat(engine.hookFailures().snapshot()).isEqualTo(Map.of("listener:call-tracker", 1L));
    }

    @Test
    void aListenerIsNamedAfterItsClassByDefault() {
        DecisionListener lambda = (c, d) -> { };
        assertThat(lambda.name()).isEqualTo("HookFailuresTest");
        assertThat(new NamedByClass().name()).isEqualTo("NamedByClass");
    }

    private static final class NamedByClass implements DecisionListener {
        @Override public void onDecision(CallContext call, Decision decision) { }
    }

    @Test
    void aHookFailingOnEveryCallWritesAFewLinesAWindowButCountsEveryFailure() throws Exception {
        AtomicLong nanos = new AtomicLong(1_000);
        HookFailures failures = new HookFailures(logger, nanos::get);
        PolicyChain chain = new PolicyChain(List.of(failingOnDecided("channel-cap"), failingOnDecided("other")),
                FALLBACK, failures);
        for (int i = 0; i < 100; i++) {
            assertThat(chain.decide(call).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(FALLBACK);
        }
        assertThat(failures.ofPolicy("channel-cap")).isEqualTo(100);
        assertThat(failures.ofPolicy("other")).isEqualTo(100);
        assertThat(warnings()).as("each name has its own window of lines")
                .hasSize(2 * HookFailures.LINES_PER_WINDOW);
        assertThat(warnings().stream().filter(e -> e.getFormattedMessage().contains("'other'")))
                .hasSize(HookFailures.LINES_PER_WINDOW);

        nanos.addAndGet(HookFailures.WINDOW.toNanos());
        chain.decide(call).toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<String> next = warnings().subList(2 * HookFailures.LINES_PER_WINDOW, warnings().size()).stream()
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(next).hasSize(4);
        assertThat(next.get(0)).as("the next window says how many were left out").contains("95 similar lines left out");
    }
}
