package io.callguard.cti.sms;

import io.callguard.core.state.InMemorySlidingWindows;
import io.callguard.core.state.SlidingWindow;
import io.callguard.core.state.SlidingWindows;
import io.callguard.core.state.StateCalls;
import io.callguard.core.state.StateUnavailableException;
import io.callguard.core.state.WindowCheck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * The SMS limits of R8 (CP Téléphonie §1.5), per account: by default at most 1 SMS in any 1 s and at most 10 in any
 * 60 s, both checked and counted in one atomic step, on the {@link SlidingWindows} of the state port (key
 * {@code sms:<account>}).
 *
 * <p><b>Why a sliding log and not a token bucket (Bucket4j).</b> The contract says "10 SMS per minute", and the
 * requirement is that the 11th SMS within <em>any</em> 60 s is refused. No token bucket does that while still letting
 * an idle account send its 10 at one per second: with greedy refill (10 tokens / 60 s = one token every 6 s) the 11th
 * SMS goes through at t = 10 s; with interval refill (10 tokens at each 60 s boundary of the bucket) the windows are
 * fixed, so 1 SMS at 0 s, 9 at 50–58 s and 10 more at 60–69 s put 19 SMS inside [50 s, 110 s). A sliding log is exact:
 * an SMS is allowed at {@code now} when, in every window, fewer than {@code limit} counted SMS are later than
 * {@code now - period}. The wait is exact too: the oldest of those instants plus the period, minus now. Bucket4j
 * remains the right tool for the per-key request limiter, where a burst is wanted.
 *
 * <p>Atomicity and memory are the port's: N concurrent calls on an account with room for one give exactly one grant,
 * refused calls count for nothing, and an account's state is dropped once none of its SMS can count. With the
 * in-memory windows the limits hold per process; a shared implementation of the port makes them hold across nodes.
 *
 * <p>Runs on the store worker (the SMS route blocks), never on the event loop: it waits for the port's
 * {@link SlidingWindows#tryRecordAsync}, at most {@code state.timeout} ({@link StateCalls}); a backend that fails or
 * does not answer in time makes {@link #tryAcquire} throw {@link StateUnavailableException} (the SMS is refused with
 * 503, never sent uncounted), the failure counted and logged at most a line a minute.
 */
public final class SmsRateLimiter {
    private static final String KEY_PREFIX = "sms:";
    /** Its name in the state failures' counts and log lines. */
    public static final String NAME = "sms-limits";

    private final SlidingWindows state;
    private final Clock clock;
    private final List<SlidingWindow> windows;
    private final StateCalls calls;

    /** The R8 defaults: {@link SmsSettings#PER_SECOND} and {@link SmsSettings#PER_MINUTE}. */
    public SmsRateLimiter(Clock clock) { this(clock, List.of(SmsSettings.PER_SECOND, SmsSettings.PER_MINUTE)); }

    /** {@code windows} counted in this process only ({@link InMemorySlidingWindows}). */
    public SmsRateLimiter(Clock clock, List<SlidingWindow> windows) { this(new InMemorySlidingWindows(), clock, windows); }

    /** {@code windows} counted in {@code state}, which may be shared with other users (keys are prefixed). */
    public SmsRateLimiter(SlidingWindows state, Clock clock, List<SlidingWindow> windows) {
        this(state, clock, windows, StateCalls.defaults(clock));
    }

    /** @param calls bounds the waits on {@code state} ({@code state.timeout}) and reports its failures */
    public SmsRateLimiter(SlidingWindows state, Clock clock, List<SlidingWindow> windows, StateCalls calls) {
        this.calls = Objects.requireNonNull(calls, "calls");
        this.state = Objects.requireNonNull(state, "state");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (windows == null || windows.isEmpty()) throw new IllegalArgumentException("at least one window is required");
        this.windows = List.copyOf(windows);
    }

    public List<SlidingWindow> windows() { return windows; }

    /** {@link #tryAcquire(String, Instant)} at the clock's now. */
    public RateCheck tryAcquire(String accountId) { return tryAcquire(accountId, clock.instant()); }

    /**
     * Counts one SMS of {@code accountId} at {@code now} if every window has room; atomic per account.
     * A refusal names the window with the longest wait and that exact wait (when several windows are full, the SMS
     * can go only once all of them have room).
     *
     * @throws StateUnavailableException when the state backend failed or did not answer within {@code state.timeout}
     */
    public RateCheck tryAcquire(String accountId, Instant now) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(now, "now");
        String key = KEY_PREFIX + accountId;
        WindowCheck check;
        try {
            // a bounded wait on the store worker (this route blocks), never on the event loop
            check = calls.bounded("tryRecord " + key, state.tryRecordAsync(key, windows, now)).toCompletableFuture().join();
        } catch (CompletionException | CancellationException | StateUnavailableException e) {
            calls.failed(NAME, "tryRecord " + key, e);
            Throwable cause = StateCalls.unwrap(e);
            throw cause instanceof StateUnavailableException u ? u
                    : new StateUnavailableException("tryRecord " + key + ": the state backend failed: " + cause, cause);
        }
        if (check.recorded()) return new RateCheck(true, check.at(), null, Duration.ZERO);
        return new RateCheck(false, check.at(), windows.get(check.refusingIndex()), check.waitTime());
    }

    /**
     * Gives back an SMS counted at {@code at} (its storage failed, or it turned out to be a replay): every window
     * forgets that instant once. No effect when it is no longer there. Blocking: on the store worker, like
     * {@link #tryAcquire}.
     */
    public void release(String accountId, Instant at) {
        if (accountId == null) return;
        state.remove(KEY_PREFIX + accountId, at);
    }

    /** Accounts with state (for tests and metrics): those none of whose SMS can count any more are dropped first. */
    /** State failures of the SMS limits since start. */
    public long stateFailures() { return calls.failures(NAME); }

    public long trackedAccounts() {
        state.expire(clock.instant());
        return state.tracked(KEY_PREFIX);
    }
}
