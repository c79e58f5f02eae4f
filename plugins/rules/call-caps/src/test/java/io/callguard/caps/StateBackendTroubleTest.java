package io.callguard.caps;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.policy.CallRequest;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.OnStateFailure;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.Reasons;
import io.callguard.core.policy.Verdict;
import io.callguard.core.state.StateCalls;
import io.callguard.core.state.StateUnavailableException;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.callguard.caps.CapsFixture.TRUNK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The caps over a state backend in trouble (a remote one: Redis down or slow): a decision never waits for it past
 * {@code state.timeout}, takes the policy's {@code onStateFailure}, and an emergency call is allowed at once whatever
 * the backend does. The timeout's timer is fired by hand ({@link ManualTimer}): no sleep.
 */
class StateBackendTroubleTest {
    private static final Duration TIMEOUT = Duration.ofMillis(150);
    private static final List<String> CHAIN = List.of("emergency", "calls-per-second", "channel-cap", "barring", "default");

    private final ManualTimer timer = new ManualTimer();
    private final Logger stateLog = (Logger) LoggerFactory.getLogger(StateCalls.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void attach() {
        lines.start();
        stateLog.addAppender(lines);
    }

    @AfterEach
    void detach() { stateLog.detachAppender(lines); }

    private record Setup(CapsFixture f, TroubledAllocations backend, StateCalls calls) { }

    private Setup setup(TroubledAllocations.Mode mode, String onStateFailure) {
        MutableClock clock = new MutableClock(CapsFixture.T0); // the fixture's, the backend's and the log's
        TroubledAllocations backend = new TroubledAllocations(clock, mode);
        StateCalls calls = new StateCalls(TIMEOUT, clock, timer);
        Map<String, Object> cps = onStateFailure == null ? Map.of("limit", 5) : Map.of("limit", 5, OnStateFailure.SETTING, onStateFailure);
        Map<String, Object> cap = onStateFailure == null ? Map.of() : Map.of(OnStateFailure.SETTING, onStateFailure);
        CapsFixture f = new CapsFixture(CHAIN, Map.of(CallsPerSecondPolicy.NAME, cps, ChannelCapPolicy.NAME, cap), backend,
                CapsSync.synced(), Map.of(StateCalls.class, calls, MutableClock.class, clock));
        return new Setup(f, backend, calls);
    }

    private static CompletableFuture<Decision> outbound(CapsFixture f, String id, String dialled) {
        return f.engine.decide(new CallRequest(Direction.OUTBOUND, "", TRUNK, "0140000000", dialled,
                "PJSIP/" + TRUNK + "-" + CapsFixture.hex(id), id)).toCompletableFuture();
    }

    @Test
    void aBackendThatNeverAnswersFailsTheDecisionOnceStateTimeoutPassesByDefault() throws Exception {
        Setup s = setup(TroubledAllocations.Mode.HANG, null);
        CompletableFuture<Decision> d = outbound(s.f(), "1770000300.1", "0612345678");
        assertThat(d).isNotDone(); // waiting for the backend, bounded by one timer of state.timeout
        assertThat(timer.delays).containsExactly(TIMEOUT);

        assertThat(timer.fire()).isEqualTo(1);
        assertThat(d).isDone();
        // fail: the decision fails and the adapter's own failure mode answers (fastagi.failureMode)
        assertThatThrownBy(() -> d.get(0, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PolicyChain.PolicyFailure.class)
                .hasMessageContaining(CallsPerSecondPolicy.NAME)
                .cause().isInstanceOf(StateUnavailableException.class).hasMessageContaining("state.timeout");
        assertThat(s.calls().failures(CallsPerSecondPolicy.NAME)).isEqualTo(1);
        assertThat(s.backend().blockingCalls).hasValue(0);
    }

    @Test
    void passSkipsTheRuleAndEveryStateCallIsBoundedOnItsOwn() throws Exception {
        Setup s = setup(TroubledAllocations.Mode.HANG, "pass");
        CompletableFuture<Decision> d = outbound(s.f(), "1770000300.2", "0612345678");
        assertThat(d).isNotDone();
        timer.fire(); // calls-per-second gives up and passes; the channel cap's reservation now waits
        assertThat(d).isNotDone();
        assertThat(timer.armed()).isEqualTo(1);
        timer.fire();
        assertThat(d.get(0, TimeUnit.SECONDS).verdict()).isEqualTo(Verdict.ALLOW); // the default policy judged it
        assertThat(timer.delays).containsExactly(TIMEOUT, TIMEOUT);
        assertThat(s.calls().failures(CallsPerSecondPolicy.NAME)).isEqualTo(1);
        assertThat(s.calls().failures(ChannelCapPolicy.NAME)).isEqualTo(1);
    }

    @Test
    void denyRefusesWithStateUnavailableCause34() throws Exception {
        Setup s = setup(TroubledAllocations.Mode.HANG, "deny");
        CompletableFuture<Decision> d = outbound(s.f(), "1770000300.3", "0612345678");
        timer.fire();
        Decision denied = d.get(0, TimeUnit.SECONDS);
        assertThat(denied).isEqualTo(OnStateFailure.DENY_STATE_UNAVAILABLE);
        assertThat(denied.reason()).isEqualTo("STATE_UNAVAILABLE");
        assertThat(denied.cause()).isEqualTo(34);
    }

    @Test
    void anEmergencyCallIsAllowedAtOnceWhateverTheBackendDoes() throws Exception {
        for (TroubledAllocations.Mode mode : List.of(TroubledAllocations.Mode.HANG, TroubledAllocations.Mode.FAIL)) {
            for (String onFailure : new String[] {null, "deny"}) {
                Setup s = setup(mode, onFailure);
                CompletableFuture<Decision> d = outbound(s.f(), "1770000300.4", "112");
                // answered on the spot: no timer armed, the forced count of its slot not waited for
                assertThat(d).isDone();
                assertThat(d.get(0, TimeUnit.SECONDS).verdict()).isEqualTo(Verdict.ALLOW);
                assertThat(d.get().reason()).isEqualTo(Reasons.EMERGENCY);
                assertThat(timer.armed()).isZero();
                assertThat(s.backend().asyncCalls).hasValue(1); // the channel cap's forceAllocateAsync, in the background
                assertThat(s.backend().blockingCalls).hasValue(0);
            }
        }
    }

    @Test
    void aFailingBackendAnswersAtOnceAndIsLoggedOnceAMinuteNotPerCall() throws Exception {
        Setup s = setup(TroubledAllocations.Mode.FAIL, "deny");
        for (int i = 0; i < 50; i++) {
            CompletableFuture<Decision> d = outbound(s.f(), "1770000400." + i, "0612345678");
            assertThat(d).isDone(); // a failed stage is complete: no timer
            assertThat(d.get()).isEqualTo(OnStateFailure.DENY_STATE_UNAVAILABLE);
        }
        assertThat(timer.armed()).isZero();
        assertThat(s.calls().failures(CallsPerSecondPolicy.NAME)).isEqualTo(50);
        // the refused call's slot (counted from its channel) is given back in the background: that fails too
        assertThat(s.calls().failures(ChannelCapPolicy.NAME)).isEqualTo(50);
        assertThat(warnings(CallsPerSecondPolicy.NAME)).hasSize(1);
        assertThat(warnings(CallsPerSecondPolicy.NAME).get(0)).contains("count a call per second cps:acme").contains("connection refused");
        assertThat(warnings(ChannelCapPolicy.NAME)).hasSize(1);
        assertThat(lines.list.stream().filter(e -> e.getLevel() == Level.WARN)).hasSize(2);
        assertThat(lines.list.stream().filter(e -> e.getLevel() == Level.INFO)).isEmpty();

        s.f().clock.advance(Duration.ofMinutes(1)); // the log's window is on the node's clock
        outbound(s.f(), "1770000400.99", "0612345678").get();
        List<String> after = warnings(CallsPerSecondPolicy.NAME);
        assertThat(after).hasSize(3); // then the summary of the 49 left out and the new failure
        assertThat(after.get(1)).contains("49 more state backend failures").contains("51 since start"); // the total includes the line it precedes
    }

    @Test
    void theInMemoryBackendDecidesAsBeforeWithoutATimerNorABlockingCall() throws Exception {
        Setup s = setup(TroubledAllocations.Mode.OK, "deny");
        assertThat(outbound(s.f(), "1770000500.1", "0612345678").get(0, TimeUnit.SECONDS).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(outbound(s.f(), "1770000500.2", "0612345679").get(0, TimeUnit.SECONDS).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(outbound(s.f(), "1770000500.3", "0612345670").get(0, TimeUnit.SECONDS))
                .isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
        assertThat(s.f().inUse()).isEqualTo(2);
        assertThat(timer.delays).isEmpty();
        assertThat(s.backend().blockingCalls).hasValue(0);
        assertThat(s.calls().snapshot()).isEmpty();
    }

    @Test
    void aRealTimerAnswersAHangingBackendWithinTheBound() throws Exception {
        MutableClock clock = new MutableClock(CapsFixture.T0);
        TroubledAllocations backend = new TroubledAllocations(clock, TroubledAllocations.Mode.HANG);
        StateCalls calls = new StateCalls(Duration.ofMillis(50), clock); // the JDK's timer, as in production
        CapsFixture f = new CapsFixture(CHAIN, Map.of(ChannelCapPolicy.NAME, Map.of(OnStateFailure.SETTING, "deny")),
                backend, CapsSync.synced(), Map.of(StateCalls.class, calls));
        long start = System.nanoTime();
        Decision d = outbound(f, "1770000600.1", "0612345678").get(5, TimeUnit.SECONDS);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(d).isEqualTo(OnStateFailure.DENY_STATE_UNAVAILABLE);
        assertThat(tookMs).isGreaterThanOrEqualTo(45).isLessThan(2_000);
    }

    @Test
    void hangupsHeardOnTheEventLoopDoNotWaitForTheBackend() {
        MutableClock clock = new MutableClock(CapsFixture.T0);
        TroubledAllocations backend = new TroubledAllocations(clock, TroubledAllocations.Mode.HANG);
        StateCalls calls = new StateCalls(TIMEOUT, clock, timer);
        CapsFixture f = new CapsFixture(CHAIN, Map.of(), backend, CapsSync.synced(), Map.of(StateCalls.class, calls));
        CapReconciler reconciler = new CapReconciler(f.directory, backend, clock, Duration.ofSeconds(10),
                CapsSync.synced(), calls);
        LiveCall channel = new LiveCall("1770000700.1", "1770000700.1", "PJSIP/" + TRUNK + "-00000001", "", "", null,
                "", "", "Up", CapsFixture.T0, null, null);
        reconciler.onChannelCreated(channel, false);
        reconciler.onHangup(channel, 16);
        assertThat(backend.asyncCalls.get()).isGreaterThanOrEqualTo(2); // asked, not awaited
        assertThat(backend.blockingCalls).hasValue(0);

        backend.mode = TroubledAllocations.Mode.FAIL;
        reconciler.onChannelCreated(channel, false);
        reconciler.onHangup(channel, 16);
        assertThat(calls.failures(CapReconciler.NAME)).isGreaterThanOrEqualTo(2); // counted, logged once
        assertThat(warnings(CapReconciler.NAME)).hasSize(1);
        assertThat(warnings(CapReconciler.NAME).get(0)).contains("not retried");
    }

    private List<String> warnings(String user) {
        return lines.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith(user + ":")).toList();
    }
}
