package io.callguard.credit.policy;

import io.callguard.core.directory.Account;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.Reasons;
import io.callguard.credit.rating.DestinationPrice;
import io.callguard.credit.rating.Tariffs;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
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
 * Memory only: the settled amounts, the tariffs and the reservations are in memory.
 */
public final class CreditPolicy implements Policy {
    public static final String NAME = "credit";
    public static final String CREDIT_EXHAUSTED = "CREDIT_EXHAUSTED";
    public static final String PROMPT_CREDIT_EXHAUSTED = "callguard/credit-exhausted";
    public static final Decision DENY_CREDIT_EXHAUSTED =
            Decision.deny(CREDIT_EXHAUSTED, Reasons.CAUSE_CALL_REJECTED, PROMPT_CREDIT_EXHAUSTED);
    /** A reservation outlives its call's maximum by this much when no hang-up nor rating gave it back. */
    static final long MARGIN_SECONDS = 300;

    private final CreditPolicyParts parts;
    private final Clock clock;
    /** The seconds each decision in flight may last, by the channel's Uniqueid, until its final decision. */
    private final ConcurrentHashMap<String, Granted> pending = new ConcurrentHashMap<>();

    private record Granted(CallContext call, long seconds) { }

    public CreditPolicy(CreditPolicyParts parts, Clock clock) {
        this.parts = parts;
        this.clock = clock;
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
        Optional<BigDecimal> reserved = parts.reservations().reserve(account.id(), call.uniqueId(),
                parts.balances().creditForCalls(account), parts.callShare(), price.cost(max),
                price.cost(price.firstIncrementSeconds()), now.plusSeconds(max + MARGIN_SECONDS), now);
        if (reserved.isEmpty()) return Policy.settle(DENY_CREDIT_EXHAUSTED);
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
        if (!decision.allowed()) parts.reservations().release(call.accountId(), call.uniqueId());
    }

    /** The 08 tier ({@code 089}…) as the call records give it; empty for the rest (international: the tariffs match the prefix). */
    private static String detail(ClassifiedNumber callee) {
        if (callee.tier() != null) return callee.tier().prefix();
        return "";
    }

    /** Decisions waiting for their final decision (tests: none left behind). */
    int pendingDecisions() { return pending.size(); }
}
