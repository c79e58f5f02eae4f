package io.callguard.credit.rating;

import io.callguard.core.policy.Direction;
import io.callguard.core.rating.CallRater;
import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Rates an answered outbound call of an account that has a tariff plan, by its destination's price in the plan's
 * version in force ({@link Tariffs}); tells each {@link RatedCallListener}. Unanswered, denied and inbound calls, calls
 * of no account or of an account without a plan are not rated (empty). Emergency calls are rated free
 * ({@code emergency}, 0). A call whose destination the plan does not price is not rated either: counted and logged
 * (the plan lacks a line), never guessed. From memory only: runs on the thread that ended the call.
 */
public final class Rater implements CallRater {
    private static final Logger LOG = LoggerFactory.getLogger(Rater.class);

    private final Tariffs tariffs;
    private final Function<String, Optional<String>> planOfAccount;
    private final Supplier<List<RatedCallListener>> listeners;
    private final AtomicLong unpriced = new AtomicLong();

    /**
     * @param planOfAccount account id → the id of its tariff plan, empty when it has none (quick, from memory)
     * @param listeners     who hears of each rating, asked at each rating (modules started later included)
     */
    public Rater(Tariffs tariffs, Function<String, Optional<String>> planOfAccount,
                 Supplier<List<RatedCallListener>> listeners) {
        this.tariffs = Objects.requireNonNull(tariffs, "tariffs");
        this.planOfAccount = Objects.requireNonNull(planOfAccount, "planOfAccount");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
    }

    @Override
    public Optional<CallRating> rate(CallRecord call) {
        if (call.direction() != Direction.OUTBOUND || call.disposition() != Disposition.ANSWERED
                || call.answeredAt() == null || "DENY".equals(call.verdict()) || call.accountId().isEmpty()) {
            return Optional.empty();
        }
        Optional<String> planId = planOfAccount.apply(call.accountId()).filter(p -> !p.isBlank());
        if (planId.isEmpty()) return Optional.empty();
        Optional<DestinationPrice> price = tariffs.price(planId.get(), call.category(), call.categoryDetail(),
                call.calleeNormalised());
        if (price.isEmpty()) {
            long n = unpriced.incrementAndGet();
            // the first ones, then one in a thousand: a plan missing a busy destination must not flood the log
            if (n <= 10 || n % 1000 == 0) LOG.warn("call {} of account {} to {} ({}) left unrated: tariff plan '{}' has no line for it ({} so far)",
                    call.uniqueId(), call.accountId(), call.calleeNormalised(), call.category(), planId.get(), n);
            return Optional.empty();
        }
        DestinationPrice p = price.get();
        long seconds = call.billableSeconds();
        CallRating rating = new CallRating(p.planId(), p.planVersion(), p.rateId(), p.billedSeconds(seconds), p.cost(seconds));
        for (RatedCallListener l : listeners.get()) {
            try {
                l.rated(call, rating);
            } catch (RuntimeException e) {
                LOG.error("a rated-call listener failed on call {} (the rating stands)", call.uniqueId(), e);
            }
        }
        return Optional.of(rating);
    }

    /** Answered calls left unrated because their plan had no line for the destination, since start. */
    public long unpricedCalls() { return unpriced.get(); }
}
