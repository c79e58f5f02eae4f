package io.callguard.credit.policy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callguard.core.policy.CallRequest;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.OnStateFailure;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.Verdict;
import io.callguard.core.state.CreditReservations;
import io.callguard.core.state.InMemoryCreditReservations;
import io.callguard.core.state.StateCalls;
import io.callguard.core.state.StateUnavailableException;
import io.callguard.credit.CreditFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The credit policy over reservations in trouble (a remote state backend down or slow): the decision never waits
 * past {@code state.timeout} (a manual timer here: no sleep), takes {@code policy.credit.onStateFailure}, and 112 is
 * allowed at once.
 */
class CreditStateTroubleTest {
    private static final Duration TIMEOUT = Duration.ofMillis(150);

    enum Mode { OK, HANG, FAIL }

    /** Async calls per {@link #mode}; the blocking ones counted (the decision path must not use them). */
    static final class TroubledReservations implements CreditReservations {
        final InMemoryCreditReservations memory;
        volatile Mode mode;
        int blocking;

        TroubledReservations(InMemoryCreditReservations memory, Mode mode) {
            this.memory = memory;
            this.mode = mode;
        }

        private <T> CompletionStage<T> troubled(java.util.function.Supplier<T> work) {
            return switch (mode) {
                case OK -> CompletableFuture.completedFuture(work.get());
                case HANG -> new CompletableFuture<>();
                case FAIL -> CompletableFuture.failedFuture(new IllegalStateException("READONLY You can't write against a read only replica"));
            };
        }

        @Override
        public CompletionStage<Optional<BigDecimal>> reserveAsync(String accountId, String holder, BigDecimal limitCents,
                                                                 BigDecimal share, BigDecimal atMostCents,
                                                                 BigDecimal atLeastCents, Instant expiresAt, Instant now) {
            return troubled(() -> memory.reserve(accountId, holder, limitCents, share, atMostCents, atLeastCents, expiresAt, now));
        }

        @Override
        public CompletionStage<Optional<BigDecimal>> releaseAsync(String accountId, String holder) {
            return troubled(() -> memory.release(accountId, holder));
        }

        @Override
        public Optional<BigDecimal> reserve(String accountId, String holder, BigDecimal limitCents, BigDecimal share,
                                            BigDecimal atMostCents, BigDecimal atLeastCents, Instant expiresAt, Instant now) {
            blocking++;
            return memory.reserve(accountId, holder, limitCents, share, atMostCents, atLeastCents, expiresAt, now);
        }

        @Override
        public Optional<BigDecimal> release(String accountId, String holder) {
            blocking++;
            return memory.release(accountId, holder);
        }

        @Override
        public void renew(String accountId, String holder, BigDecimal amountCents, Instant expiresAt, Instant now) {
            blocking++;
            memory.renew(accountId, holder, amountCents, expiresAt, now);
        }

        @Override public BigDecimal reserved(String accountId, Instant now) { return memory.reserved(accountId, now); }

        @Override public int count(String accountId, Instant now) { return memory.count(accountId, now); }
    }

    /** Fires by hand what {@link StateCalls} arms. */
    static final class ManualTimer implements StateCalls.Timer {
        final List<Runnable> due = new ArrayList<>();

        @Override public synchronized void after(Duration delay, Runnable task) { due.add(task); }

        synchronized void fire() {
            List<Runnable> now = new ArrayList<>(due);
            due.clear();
            now.forEach(Runnable::run);
        }
    }

    private final ManualTimer timer = new ManualTimer();
    private final Logger stateLog = (Logger) LoggerFactory.getLogger(StateCalls.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private TroubledReservations backend;
    private StateCalls calls;

    @BeforeEach
    void attach() {
        lines.start();
        stateLog.addAppender(lines);
    }

    @AfterEach
    void detach() { stateLog.detachAppender(lines); }

    private CreditFixture fixture(Mode mode, String onStateFailure) {
        CreditFixture[] f = new CreditFixture[1];
        calls = new StateCalls(TIMEOUT, java.time.Clock.fixed(CreditFixture.T0, java.time.ZoneOffset.UTC), timer);
        f[0] = new CreditFixture(new BigDecimal("0.5"), memory -> backend = new TroubledReservations(memory, mode),
                Map.of(StateCalls.class, calls),
                onStateFailure == null ? Map.of() : Map.of(OnStateFailure.SETTING, onStateFailure));
        return f[0];
    }

    private static CompletableFuture<Decision> outbound(CreditFixture f, String id, String dialled) {
        return f.engine.decide(new CallRequest(Direction.OUTBOUND, "", CreditFixture.TRUNK, "0140000000", dialled,
                "PJSIP/" + CreditFixture.TRUNK + "-" + id, id)).toCompletableFuture();
    }

    @Test
    void aReservationThatNeverAnswersFailsTheDecisionByDefaultOnceTheTimeoutPasses() {
        CreditFixture f = fixture(Mode.HANG, null);
        CompletableFuture<Decision> d = outbound(f, "1770000100.1", CreditFixture.MOBILE);
        assertThat(d).isNotDone();
        timer.fire();
        assertThatThrownBy(() -> d.get(0, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PolicyChain.PolicyFailure.class)
                .cause().isInstanceOf(StateUnavailableException.class);
        assertThat(calls.failures(CreditPolicy.NAME)).isEqualTo(1);
        assertThat(backend.blocking).isZero();
    }

    @Test
    void passLetsTheCallGoOnWithoutAReservationAndDenyRefusesIt() throws Exception {
        CreditFixture passing = fixture(Mode.HANG, "pass");
        CompletableFuture<Decision> d = outbound(passing, "1770000100.2", CreditFixture.MOBILE);
        timer.fire();
        assertThat(d.get(0, TimeUnit.SECONDS).verdict()).isEqualTo(Verdict.ALLOW);

        CreditFixture denying = fixture(Mode.FAIL, "deny");
        Decision refused = outbound(denying, "1770000100.3", CreditFixture.MOBILE).get(0, TimeUnit.SECONDS);
        assertThat(refused).isEqualTo(OnStateFailure.DENY_STATE_UNAVAILABLE);
    }

    @Test
    void emergencyCallsNeverTouchTheReservations() throws Exception {
        CreditFixture f = fixture(Mode.HANG, "deny");
        CompletableFuture<Decision> d = outbound(f, "1770000100.4", "112");
        assertThat(d).isDone();
        assertThat(d.get().verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(d.get().reason()).isEqualTo("EMERGENCY");
    }

    @Test
    void aFailingBackendIsLoggedOnceNotPerCall() throws Exception {
        CreditFixture f = fixture(Mode.FAIL, "deny");
        for (int i = 0; i < 30; i++) {
            assertThat(outbound(f, "1770000200." + i, CreditFixture.MOBILE).get(0, TimeUnit.SECONDS))
                    .isEqualTo(OnStateFailure.DENY_STATE_UNAVAILABLE);
        }
        assertThat(calls.failures(CreditPolicy.NAME)).isEqualTo(30);
        assertThat(lines.list.stream().filter(e -> e.getLevel() == Level.WARN)).hasSize(1);
    }

    @Test
    void theInMemoryBackendReservesAsBeforeWithoutATimerNorABlockingCall() throws Exception {
        CreditFixture f = fixture(Mode.OK, "deny");
        Decision d = outbound(f, "1770000300.1", CreditFixture.MOBILE).get(0, TimeUnit.SECONDS);
        assertThat(d.allowed()).isTrue();
        assertThat(f.reservations.count(CreditFixture.ACME, f.clock.instant())).isEqualTo(1);
        assertThat(backend.blocking).isZero();
        assertThat(timer.due).isEmpty();
        assertThat(calls.snapshot()).isEmpty();
    }
}
