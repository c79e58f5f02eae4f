package io.callguard.core.state;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Option;
import io.callguard.core.log.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import static io.callguard.core.config.OptionType.DURATION;

/**
 * How the decision path calls the state port: every asynchronous call is bounded by {@code state.timeout} (a remote
 * backend that never answers fails the call with a {@link StateUnavailableException}, never hangs the decision), and
 * every failure is counted per user (a policy, the SMS limiter) and logged at WARN at most
 * {@value #LINES_PER_MINUTE} line a minute per user, the rest summed up in the next line: a Redis outage under load
 * writes a few lines, not one per call. What a failure then means is the user's choice
 * ({@link io.callguard.core.policy.OnStateFailure} for the policies).
 *
 * <p>A stage already complete (the in-memory backend) is returned as it is: no timer, no allocation. The app builds
 * one instance from the configuration and registers it as a service; a user that finds none uses
 * {@link #defaults(Clock)}. Thread-safe.
 */
public final class StateCalls {
    public static final String TIMEOUT = "state.timeout";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(150);
    /** The state port's keys (the app declares them with its own). */
    public static final List<Option> OPTIONS = List.of(Option.of(TIMEOUT, DURATION, "150ms",
            "bound of each state-backend call on the decision path (allocations, windows, credit); past it the "
                    + "policy's onStateFailure applies (keep it under fastagi.decisionDeadline)"));
    /** Lines written per user and minute; the others are counted. */
    static final int LINES_PER_MINUTE = 1;
    /** After the user's name: lines left out, failures since start. */
    static final String SUMMARY = ": {} more state backend failures not logged one by one ({} since start)";
    private static final Logger LOG = LoggerFactory.getLogger(StateCalls.class);

    /** Runs a task once a delay has passed (tests: a manual timer). */
    @FunctionalInterface
    public interface Timer {
        void after(Duration delay, Runnable task);

        /** The JDK's shared delayed executor (no thread of ours, no Vert.x needed). */
        Timer JDK = (delay, task) -> CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(task);
    }

    private final Duration timeout;
    private final Clock clock;
    private final Timer timer;
    private final Logger log;
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RateLimitedLog> logs = new ConcurrentHashMap<>();

    /** @param clock the clock of the log's windows (a test's manual clock) */
    public StateCalls(Duration timeout, Clock clock) { this(timeout, clock, Timer.JDK); }

    public StateCalls(Duration timeout, Clock clock, Timer timer) { this(timeout, clock, timer, LOG); }

    StateCalls(Duration timeout, Clock clock, Timer timer, Logger log) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** {@link #DEFAULT_TIMEOUT}, the JDK's timer. */
    public static StateCalls defaults(Clock clock) { return new StateCalls(DEFAULT_TIMEOUT, clock); }

    /**
     * Reads {@code state.timeout} (1 ms to 1 min, {@link #DEFAULT_TIMEOUT} when absent), which must leave the decision
     * time to answer its failure mode within {@code decisionDeadline} (the FastAGI one): the default shrinks to 3/5 of
     * a deadline not above it, a value given explicitly must be shorter. A problem is recorded in {@code view}, not
     * thrown.
     */
    public static Duration timeout(ConfigView view, Duration decisionDeadline) {
        if (view.text(TIMEOUT).isBlank()) return fit(DEFAULT_TIMEOUT, decisionDeadline);
        Duration t = view.duration(TIMEOUT, Duration.ofMillis(1), Duration.ofMinutes(1));
        if (view.isDefault(TIMEOUT)) return fit(t, decisionDeadline);
        if (t.compareTo(decisionDeadline) >= 0) {
            view.problem(TIMEOUT, "must be shorter than fastagi.decisionDeadline (" + decisionDeadline.toMillis()
                    + "ms), got " + t.toMillis() + "ms");
        }
        return t;
    }

    private static Duration fit(Duration timeout, Duration decisionDeadline) {
        if (timeout.compareTo(decisionDeadline) < 0) return timeout;
        Duration shrunk = decisionDeadline.multipliedBy(3).dividedBy(5);
        return shrunk.isZero() ? Duration.ofMillis(1) : shrunk;
    }

    public Duration timeout() { return timeout; }

    /**
     * {@code stage}, failing with a {@link StateUnavailableException} when it has not completed within the timeout
     * (its own failure is passed on unwrapped). A complete stage is returned as it is.
     */
    public <T> CompletionStage<T> bounded(String operation, CompletionStage<T> stage) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        if (f.isDone()) return f;
        CompletableFuture<T> out = new CompletableFuture<>();
        f.whenComplete((v, e) -> {
            if (e != null) out.completeExceptionally(unwrap(e));
            else out.complete(v);
        });
        timer.after(timeout, () -> out.completeExceptionally(new StateUnavailableException(
                operation + ": the state backend did not answer within " + timeout.toMillis() + " ms (" + TIMEOUT + ")", null)));
        return out;
    }

    /** Counts a failure of {@code user}'s {@code operation} and logs it (a line a minute per user at most). */
    public void failed(String user, String operation, Throwable error) {
        report(user, operation, error, "its failure mode applies");
    }

    private void report(String user, String operation, Throwable error, String consequence) {
        Throwable e = unwrap(error);
        counts.computeIfAbsent(user, k -> new LongAdder()).increment();
        logs.computeIfAbsent(user, k -> RateLimitedLog.onClock(log, LINES_PER_MINUTE, Duration.ofMinutes(1), clock,
                        user.replace("{}", "") + SUMMARY))
                .warn("{}: state backend call {} failed ({}); {}", user, operation, e.toString(), consequence);
    }

    /**
     * Lets {@code stage} run without waiting for it (a release or a forced count heard on the event loop): its
     * failure is only counted and logged, as by {@link #failed}.
     */
    public void inBackground(String user, String operation, CompletionStage<?> stage) {
        stage.whenComplete((v, e) -> {
            if (e != null) report(user, operation, e, "not retried: the reconciliation or the entry's expiry repairs it");
        });
    }

    /** Failures of {@code user} since start (decisions, background calls). */
    public long failures(String user) {
        LongAdder n = counts.get(user);
        return n == null ? 0 : n.sum();
    }

    /** Every user's failures since start, sorted by user (users without any failure absent). */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        return e;
    }
}
