package io.callguard.cti.sms;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callguard.core.state.InMemorySlidingWindows;
import io.callguard.core.state.SlidingWindow;
import io.callguard.core.state.SlidingWindows;
import io.callguard.core.state.StateCalls;
import io.callguard.core.state.WindowCheck;
import io.callguard.core.time.MutableClock;
import io.callguard.cti.CtiFixture;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.cti.keys.ApiKeyPrincipal;
import io.callguard.cti.routes.SmsRoutes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.callguard.cti.CtiFixture.A;
import static io.callguard.cti.CtiFixture.A_NUMBER;
import static io.callguard.cti.CtiFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SMS limits over a state backend in trouble (a remote one down or slow): an SMS is refused with
 * {@link SmsAcceptance.StateUnavailable} (503) once {@code state.timeout} passes or at once when the backend fails,
 * never sent uncounted, never held longer; the failures are logged once a minute, not per SMS; an emergency SMS
 * (114) does not need the limits and goes.
 */
class SmsStateTroubleTest {
    private static final ApiKeyPrincipal KEY_A = new ApiKeyPrincipal("ka", A);

    enum Mode { OK, HANG, FAIL }

    /** Async calls per {@link #mode}; the blocking tryRecord counted (the limiter must not use it). */
    static final class TroubledWindows implements SlidingWindows {
        final InMemorySlidingWindows memory = new InMemorySlidingWindows();
        volatile Mode mode;
        int blocking;

        TroubledWindows(Mode mode) { this.mode = mode; }

        @Override
        public CompletionStage<WindowCheck> tryRecordAsync(String key, List<SlidingWindow> windows, Instant now) {
            return switch (mode) {
                case OK -> CompletableFuture.completedFuture(memory.tryRecord(key, windows, now));
                case HANG -> new CompletableFuture<>();
                case FAIL -> CompletableFuture.failedFuture(new IllegalStateException("Connection reset by peer"));
            };
        }

        @Override
        public WindowCheck tryRecord(String key, List<SlidingWindow> windows, Instant now) {
            blocking++;
            return memory.tryRecord(key, windows, now);
        }

        @Override public boolean remove(String key, Instant at) { return memory.remove(key, at); }

        @Override public int expire(Instant now) { return memory.expire(now); }

        @Override public int tracked(String prefix) { return memory.tracked(prefix); }
    }

    private final CtiFixture fx = new CtiFixture();
    private final MutableClock clock = new MutableClock(T0);
    private final InMemorySmsRepository repo = new InMemorySmsRepository();
    private final List<SmsMessage> queued = new CopyOnWriteArrayList<>();
    private final Logger stateLog = (Logger) LoggerFactory.getLogger(StateCalls.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void attach() {
        lines.start();
        stateLog.addAppender(lines);
    }

    @AfterEach
    void detach() { stateLog.detachAppender(lines); }

    private SmsService service(SmsRateLimiter limiter) {
        return new SmsService(fx.directory, fx.accountStatus, limiter, repo, queued::add, SmsStatusListener.NONE,
                SmsSettings.defaults());
    }

    private SmsRateLimiter limiter(TroubledWindows windows, Duration timeout) {
        // the JDK's timer, as in production: the limiter runs on a worker thread and waits at most the timeout
        return new SmsRateLimiter(windows, clock, List.of(SmsSettings.PER_SECOND, SmsSettings.PER_MINUTE),
                new StateCalls(timeout, clock));
    }

    @Test
    void aBackendThatNeverAnswersRefusesTheSmsOnceTheTimeoutPassesAndNothingIsSent() {
        TroubledWindows windows = new TroubledWindows(Mode.HANG);
        SmsRateLimiter limiter = limiter(windows, Duration.ofMillis(50));
        long start = System.nanoTime();
        SmsAcceptance r = service(limiter).accept(KEY_A, new SendSms(A_NUMBER, "0612345678", "hello"), clock.instant());
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r).isEqualTo(new SmsAcceptance.StateUnavailable(1));
        assertThat(tookMs).isGreaterThanOrEqualTo(45).isLessThan(2_000);
        assertThat(repo.all()).isEmpty();
        assertThat(queued).isEmpty();
        assertThat(limiter.stateFailures()).isEqualTo(1);
        assertThat(windows.blocking).isZero();
    }

    @Test
    void aFailingBackendRefusesEverySmsAtOnceLogsOnceAndAnEmergencySmsStillGoes() {
        TroubledWindows windows = new TroubledWindows(Mode.FAIL);
        SmsRateLimiter limiter = limiter(windows, Duration.ofSeconds(30)); // a failure needs no timer
        SmsService service = service(limiter);
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(2));
            assertThat(service.accept(KEY_A, new SendSms(A_NUMBER, "0612345678", "hello " + i), clock.instant()))
                    .isInstanceOf(SmsAcceptance.StateUnavailable.class);
        }
        assertThat(limiter.stateFailures()).isEqualTo(20);
        List<ILoggingEvent> warned = lines.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertThat(warned).hasSize(1);
        assertThat(warned.get(0).getFormattedMessage()).startsWith(SmsRateLimiter.NAME + ":").contains("Connection reset");

        assertThat(service.accept(KEY_A, new SendSms(A_NUMBER, "114", "help"), clock.instant()))
                .isInstanceOf(SmsAcceptance.Accepted.class);

        windows.mode = Mode.OK; // the backend is back: counted as before
        assertThat(service.accept(KEY_A, new SendSms(A_NUMBER, "0612345678", "back"), clock.instant()))
                .isInstanceOf(SmsAcceptance.Accepted.class);
        assertThat(service.accept(KEY_A, new SendSms(A_NUMBER, "0612345678", "again"), clock.instant()))
                .isInstanceOf(SmsAcceptance.RateLimited.class);
        assertThat(windows.blocking).isZero();
    }

    @Test
    void theSmsRouteAnswers503WithRetryAfterNamingTheCause() throws Exception {
        SmsService service = service(limiter(new TroubledWindows(Mode.FAIL), Duration.ofSeconds(30)));
        RouteRequest request = new RouteRequest() {
            @Override public String pathParam(String name) { return null; }
            @Override public Optional<String> query(String name) { return Optional.empty(); }
            @Override public Optional<String> header(String name) { return Optional.empty(); }
            @Override public Optional<String> accountId() { return Optional.of(A); }
            @Override public Optional<String> apiKeyId() { return Optional.of("ka"); }
            @Override public String body() { return ""; }
            @Override public Map<String, Object> jsonObject(Set<String> freeText) {
                return Map.of("from", A_NUMBER, "to", "0612345678", "text", "hello");
            }
        };
        ModuleRoute post = SmsRoutes.of(service, clock).stream()
                .filter(r -> r.method() == ModuleRoute.Method.POST).findFirst().orElseThrow();
        RouteResponse answer = post.handler().answer(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.kind().kind()).isEqualTo("sms-limits-unavailable");
        assertThat(answer.headers()).containsEntry("Retry-After", "1");
        assertThat(answer.detail()).contains("nothing was sent");
        assertThat(repo.all()).isEmpty();
    }
}
