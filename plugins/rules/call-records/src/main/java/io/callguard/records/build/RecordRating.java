package io.callguard.records.build;

import io.callguard.core.log.RateLimitedLog;
import io.callguard.core.rating.CallRater;
import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Between the builder and the chain's writer: asks the {@link CallRater} (R3: the {@code credit} module offers it)
 * for each finished call's price and hands the record on with it, so that the rating is chained and hashed with the
 * call. The record always goes on: without a rater, or when it throws, unrated (counted, logged a few lines a
 * minute); a call is never lost to its price.
 * <p>
 * The rater is looked for at the first record, not at start: the module that offers it may start after this one.
 * Found, it is kept; not found, it is looked for again at most once every {@link #LOOK_AGAIN} (a look-up walks the
 * started modules). Runs on the thread of the event that ended the call, as the rater expects.
 */
public final class RecordRating implements Consumer<CallRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(RecordRating.class);
    /** How long an absent rater is taken as absent before it is looked for again. */
    static final Duration LOOK_AGAIN = Duration.ofMinutes(1);

    private final Supplier<Optional<CallRater>> lookup;
    private final Clock clock;
    private final Consumer<CallRecord> next;
    private final RateLimitedLog failureLog;
    private volatile CallRater rater;
    /** When the rater may be looked for again (null: at once). */
    private volatile Instant lookAgainAt;
    private volatile boolean absenceLogged;
    private final AtomicLong rated = new AtomicLong();
    private final AtomicLong unrated = new AtomicLong();
    private final AtomicLong withoutRater = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /**
     * @param lookup finds the rater among the started modules' services (empty: none started)
     * @param next   receives every record, rated or not (the chain's writer)
     */
    public RecordRating(Supplier<Optional<CallRater>> lookup, Clock clock, Consumer<CallRecord> next) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.next = Objects.requireNonNull(next, "next");
        this.failureLog = RateLimitedLog.onClock(LOG, 5, Duration.ofMinutes(1), clock,
                "({} more calls left unrated by a failing rater; {} in all)");
    }

    @Override
    public void accept(CallRecord record) {
        next.accept(rate(record));
    }

    /** The record with its rating, or as it is when the rater has none, is absent or fails. */
    CallRecord rate(CallRecord record) {
        CallRater r = rater();
        if (r == null) {
            withoutRater.incrementAndGet();
            return record;
        }
        Optional<CallRating> rating;
        try {
            rating = r.rate(record);
            if (rating == null) throw new IllegalStateException("the rater answered null rather than empty");
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            failureLog.warn("call {} of account '{}' recorded unrated: the rater failed: {}", record.uniqueId(),
                    record.accountId(), e.toString());
            return record;
        }
        if (rating.isEmpty()) {
            unrated.incrementAndGet();
            return record;
        }
        rated.incrementAndGet();
        return record.withRating(rating.get());
    }

    private CallRater rater() {
        CallRater r = rater;
        if (r != null) return r;
        Instant now = clock.instant();
        Instant again = lookAgainAt;
        if (again != null && now.isBefore(again)) return null;
        try {
            r = lookup.get().orElse(null);
        } catch (RuntimeException e) {
            // e.g. two modules offering a rater: which one bills is not ours to guess
            failures.incrementAndGet();
            failureLog.warn("calls recorded unrated: the rater cannot be found: {}", e.toString());
            r = null;
        }
        if (r != null) {
            rater = r;
            LOG.info("call records are rated by {}", r.getClass().getName());
            return r;
        }
        lookAgainAt = now.plus(LOOK_AGAIN);
        if (!absenceLogged) {
            absenceLogged = true;
            LOG.info("no module offers a call rater (the credit module is off): calls are recorded unrated");
        }
        return null;
    }

    /** Records that went on with a rating. */
    public long rated() { return rated.get(); }

    /** Records the rater said are not rated (inbound, unanswered, an account without a plan). */
    public long unrated() { return unrated.get(); }

    /** Records that went on unrated because no rater was there. */
    public long withoutRater() { return withoutRater.get(); }

    /** Records that went on unrated because the rater (or its look-up) failed. */
    public long failures() { return failures.get(); }
}
