package io.callguard.caps;

import io.callguard.core.directory.Account;
import io.callguard.core.limits.Allocations;
import io.callguard.core.log.RateLimitedLog;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.OnStateFailure;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.Reasons;
import io.callguard.core.state.StateCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * At most N new calls per second per account, over a sliding one-second window: the same primitive as the channel
 * cap, on resource {@code cps:<accountId>} with a one-second life, never released (each entry runs its second out).
 * N is the account's {@code callsPerSecond} when set, else the policy's {@code limit}; 0 means no limit (the
 * default). Over the limit → DENY {@code CPS_EXCEEDED}, cause 34, prompt {@code callguard/cps-exceeded}.
 * Emergency calls are never limited, and calls without an account id are not counted. A click-to-call is counted
 * once, when it is requested ({@link #admitAhead}), not again when its dialled leg is decided.
 *
 * <p>On the decision path the state calls are the port's asynchronous ones, bounded together by {@code state.timeout}
 * ({@link StateCalls}); a failure or a timeout gives the policy's {@code onStateFailure} ({@link OnStateFailure}).
 * {@link #admitAhead} and {@link #refundAhead} block: the click-to-call route calls them on the store worker.
 */
public final class CallsPerSecondPolicy implements Policy {
    public static final String NAME = "calls-per-second";
    public static final String RESOURCE_PREFIX = "cps:";
    public static final String SETTING_LIMIT = "limit";
    /**
     * Marks a call already counted before its channel existed ({@link #admitAhead}): resource
     * {@code cps-ahead:<accountId>}, holder the call's future Uniqueid, never limited.
     */
    public static final String AHEAD_PREFIX = "cps-ahead:";
    public static final Decision DENY_CPS_EXCEEDED =
            Decision.deny(Reasons.CPS_EXCEEDED, Reasons.CAUSE_NO_CIRCUIT, Reasons.PROMPT_CPS_EXCEEDED);

    private static final Logger LOG = LoggerFactory.getLogger(CallsPerSecondPolicy.class);
    private static final String COUNT = "count a call per second";
    private static final CompletionStage<Optional<Decision>> EXCEEDED = Policy.settle(DENY_CPS_EXCEEDED);
    /** A client dialling in bursts is refused many times a second: this many lines a minute, then a count. */
    static final int EXCEEDED_LINES_PER_MINUTE = 10;
    static final String EXCEEDED_SUMMARY = "CPS_EXCEEDED: {} more calls refused over their account's calls per "
            + "second, not logged one by one ({} since start)";

    private final Allocations allocations;
    private final Clock clock;
    private final int defaultLimit;
    private final RateLimitedLog exceededLog;
    private final StateCalls state;
    private final OnStateFailure onStateFailure;

    /** @param defaultLimit calls per second for accounts without their own limit; 0 = no limit */
    public CallsPerSecondPolicy(Allocations allocations, Clock clock, int defaultLimit) {
        this(allocations, clock, defaultLimit, StateCalls.defaults(clock), OnStateFailure.FAIL);
    }

    /**
     * @param state          bounds and reports the state calls of the decision path
     * @param onStateFailure the answer when they failed or timed out
     */
    public CallsPerSecondPolicy(Allocations allocations, Clock clock, int defaultLimit, StateCalls state,
                                OnStateFailure onStateFailure) {
        this.state = Objects.requireNonNull(state, "state");
        this.onStateFailure = Objects.requireNonNull(onStateFailure, "onStateFailure");
        this.allocations = Objects.requireNonNull(allocations, "allocations");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (defaultLimit < 0) throw new IllegalArgumentException("limit must not be negative: " + defaultLimit);
        this.defaultLimit = defaultLimit;
        this.exceededLog = RateLimitedLog.onClock(LOG, EXCEEDED_LINES_PER_MINUTE, Duration.ofMinutes(1), clock,
                EXCEEDED_SUMMARY);
    }

    /** The allocation resource of an account: {@code cps:<accountId>}. */
    public static String resourceOf(String accountId) { return RESOURCE_PREFIX + accountId; }

    @Override public String name() { return NAME; }

    @Override
    public CompletionStage<Optional<Decision>> evaluate(CallContext call) {
        // The emergency policy settles these first; this guard keeps them safe in any chain. Only the client's own
        // traffic is paced: calls from the public to its numbers keep flowing (R3/R6: incoming calls always work).
        if (call.isEmergency() || call.accountId().isBlank() || call.direction() != Direction.OUTBOUND) {
            return Policy.pass();
        }
        int limit = limitFor(call.account());
        if (limit <= 0) return Policy.pass();
        Instant now = clock.instant();
        // A click-to-call was counted when it was requested: its dialled leg is the same call, not a new one.
        String holder = Holders.of(call);
        // one bound for both calls (release of a click-to-call's mark, then the count); a constant operation name
        CompletableFuture<Boolean> counted = state.bounded(COUNT,
                allocations.releaseAsync(AHEAD_PREFIX + call.accountId(), holder).thenCompose(countedAhead -> countedAhead
                        ? CompletableFuture.completedFuture(true)
                        : allocations.allocateAsync(resourceOf(call.accountId()), holder, limit, now.plusSeconds(1), now)))
                .toCompletableFuture();
        if (counted.isDone() && !counted.isCompletedExceptionally()) return verdict(call, limit, counted.join());
        return counted.handle((ok, err) -> err != null
                        ? onStateFailure.decide(NAME, call, COUNT + " " + resourceOf(call.accountId()), err, state)
                        : verdict(call, limit, ok))
                .thenCompose(stage -> stage);
    }

    private CompletionStage<Optional<Decision>> verdict(CallContext call, int limit, boolean counted) {
        if (counted) return Policy.pass();
        exceededLog.info("account {} exceeded {} calls per second: call {} refused", call.accountId(), limit, call.uniqueId());
        return EXCEEDED;
    }

    /**
     * Counts a call for its account's calls per second before its channel exists (click-to-call: counted when it is
     * requested, so the client's line never rings for a call that would be refused), with the same limit as
     * {@link #evaluate}. {@code holder} must be the Uniqueid the call's channel will get: its decision, if it comes
     * before {@code markExpiresAt}, is then not counted a second time. Emergency calls are never limited.
     *
     * @return false over the limit (nothing counted)
     */
    public boolean admitAhead(String accountId, Account account, boolean emergency, String holder,
                              Instant markExpiresAt, Instant now) {
        if (emergency || accountId.isBlank()) return true;
        int limit = limitFor(account);
        if (limit <= 0) return true;
        if (!allocations.allocate(resourceOf(accountId), holder, limit, now.plusSeconds(1), now)) return false;
        allocations.forceAllocate(AHEAD_PREFIX + accountId, holder, markExpiresAt, now);
        return true;
    }

    /** Takes back what {@link #admitAhead} counted for a call refused before it was placed: it cost nothing. */
    public void refundAhead(String accountId, String holder) {
        allocations.release(resourceOf(accountId), holder);
        allocations.release(AHEAD_PREFIX + accountId, holder);
    }

    /** The account's own calls per second, else the policy's default; 0 or less = no limit. */
    private int limitFor(Account account) {
        Integer own = account == null ? null : account.callsPerSecond();
        return own != null ? own : defaultLimit;
    }
}
