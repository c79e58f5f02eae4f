package io.callguard.credit.policy;

import io.callguard.core.directory.Account;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.OnStateFailure;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.Reasons;
import io.callguard.core.state.StateCalls;
import io.callguard.credit.rating.DestinationPrice;
import io.callguard.credit.rating.Tariffs;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * R3's credit-limited calls. An outbound, non-emergency call of an account with a tariff plan, to a destination the
 * plan prices and does not make free, reserves credit before it is allowed (like a CGRateS {@code MaxUsage}): the
 * lesser of what the account's maximum duration costs and {@code callShare} of the account's free credit (its
 * threshold minus its settled amount minus its other live calls' reservations), at least the first increment's
 * cost; atomically on the state port, so calls decided together never reserve more than the credit. Then:
 * <ul>
 *   <li>the free credit does not pay the first increment → DENY {@code CREDIT_EXHAUSTED}, cause 21, prompt
 *       {@code callguard/credit-exhausted};</li>
 *   <li>else pass, and {@link #refine} lowers {@code CALLGUARD_MAX_SECONDS} to what the reservation pays for
 *       ({@link DestinationPrice#secondsFor});</li>
 *   <li>a call refused by a later policy gives its reservation back ({@link #onDecided}); an allowed one when its
 *       rating arrives or its channel hangs up (the module's listeners), else at its expiry (maximum + margin).</li>
 * </ul>
 * Everything else passes untouched: inbound calls, emergency calls (never limited, priced or refused), unknown
 * accounts, accounts without a plan, destinations without a price (no tariff module, or no line in the plan).
 * The settled amounts and the tariffs are in memory; the reservation is the state port's
 * {@link io.callguard.core.state.CreditReservations#reserveAsync}, bounded by {@code state.timeout}
 * ({@link StateCalls}): a backend that fails or does not answer in time gives the policy's {@code onStateFailure}
 * ({@link OnStateFailure}), never a wait. The reservation given back on a refusal is not waited for either.
 */
public final class CreditPolicy implements Policy {
    public static final String NAME = "credit";
    public static final String CREDIT_EXHAUSTED = "CREDIT_EXHAUSTED";
    public static final String PROMPT_CREDIT_EXHAUSTED = "callguard/credit-exhausted";
    public static final Decision DENY_CREDIT_EXHAUSTED =
            Decision.deny(CREDIT_EXHAUSTED, Reasons.CAUSE_CALL_REJECTED, PROMPT_CREDIT_EXHAUSTED);
    /** A reservation outlives its call's maximum by this much when no hang-up nor rating gave it back. */
    static final long MARGIN_SECONDS = 300;
    private static final String RESERVE = "reserve credit";

    private final CreditPolicyParts parts;
    private final Clock clock;
    private final StateCalls state;
    private final OnStateFailure onStateFailure;
    /** The seconds each decision in flight may last, by the channel's Uniqueid, until its final decision. */
    private final ConcurrentHashMap<String, Granted> pending = new ConcurrentHashMap<>();

    private record Granted(CallContext call, long seconds) { }

    public CreditPolicy(CreditPolicyParts parts, Clock clock) {
        this(parts, clock, StateCalls.defaults(clock), OnStateFailure.FAIL);
    }

    /**
     * @param state          bounds and reports the state calls of the decision path
     * @param onStateFailure the answer when the reservation failed or timed out
     */
    public CreditPolicy(CreditPolicyParts parts, Clock clock, StateCalls state, OnStateFailure onStateFailure) {
        this.parts = Objects.requireNonNull(parts, "parts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.state = Objects.requireNonNull(state, "state");
        this.onStateFailure = Objects.requireNonNull(onStateFailure, "onStateFailure");
    }

    @Override public String name() { return NAME; }

    @Override
    public CompletionStage<Optional<Decision>> evaluate(CallContext call) {
        if (call.direction() != Direction.OUTBOUND || call.isEmergency()) return Policy.pass();
        Account account = call.account();
        if (account == null || account.tariffPlan() == null) return Policy.pass();
        Optional<Tariffs> tariffs = parts.tariffs().get();
        if (tariffs.isEmpty()) return Policy.pass();
        ClassifiedNumber callee = call.callee();
        Optional<DestinationPrice> found = tariffs.get().price(account.tariffPlan(), callee.category(), detail(callee),
                callee.normalized());
        if (found.isEmpty() || found.get().free()) return Policy.pass();
        DestinationPrice price = found.get();
        long max = account.maxCallSeconds();
        Instant now = clock.instant();
        CompletableFuture<Optional<BigDecimal>> reserved = state.bounded(RESERVE, parts.reservations().reserveAsync(
                account.id(), call.uniqueId(), parts.balances().creditForCalls(account), parts.callShare(),
                price.cost(max), price.cost(price.firstIncrementSeconds()), now.plusSeconds(max + MARGIN_SECONDS), now))
                .toCompletableFuture();
        if (reserved.isDone() && !reserved.isCompletedExceptionally()) return verdict(call, price, max, reserved.join());
        return reserved.handle((r, err) -> err != null
                        ? onStateFailure.decide(NAME, call, RESERVE + " of " + account.id(), err, state)
                        : verdict(call, price, max, r))
                .thenCompose(stage -> stage);
    }

    private CompletionStage<Optional<Decision>> verdict(CallContext call, DestinationPrice price, long max,
                                                        Optional<BigDecimal> reserved) {
        if (reserved == null || reserved.isEmpty()) return Policy.settle(DENY_CREDIT_EXHAUSTED);
        long seconds = Math.max(price.secondsFor(reserved.get(), max), Math.min(price.firstIncrementSeconds(), max));
        pending.put(call.uniqueId(), new Granted(call, seconds));
        return Policy.pass();
    }

    @Override
    public Decision refine(CallContext call, Decision decision) {
        Granted g = pending.get(call.uniqueId());
        if (g == null || g.call() != call) return decision;
        long current = decision.maxSeconds() == null ? Long.MAX_VALUE : decision.maxSeconds();
        return g.seconds() < current ? decision.withMaxSeconds(g.seconds()) : decision;
    }

    @Override
    public void onDecided(CallContext call, Decision decision) {
        Granted g = pending.get(call.uniqueId());
        if (g == null || g.call() != call || !pending.remove(call.uniqueId(), g)) return;
        if (!decision.allowed()) {
            // on the decision path: not waited for (a failure is counted; the reservation then lasts to its expiry)
            state.inBackground(NAME, "release credit of " + call.accountId(),
                    parts.reservations().releaseAsync(call.accountId(), call.uniqueId()));
        }
    }

    /** The 08 tier ({@code 089}…) as the call records give it; empty for the rest (international: the tariffs match the prefix). */
    private static String detail(ClassifiedNumber callee) {
        if (callee.tier() != null) return callee.tier().prefix();
        return "";
    }

    /** Decisions waiting for their final decision (tests: none left behind). */
    int pendingDecisions() { return pending.size(); }
}
