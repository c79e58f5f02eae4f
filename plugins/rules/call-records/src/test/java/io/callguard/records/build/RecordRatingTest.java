package io.callguard.records.build;

import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.rating.CallRater;
import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class RecordRatingTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final CallRating RATED = new CallRating("pro", 1, "mobile", 95, new BigDecimal("23.75"));

    private final MutableClock clock = new MutableClock(T0);
    private final List<CallRecord> next = new ArrayList<>();

    private static CallRecord call(int n) {
        return new CallRecord("1.%d".formatted(n), "", "acme", "acme-t0", Direction.OUTBOUND, "0140000000", "0612345678",
                "0612345678", NumberCategory.MOBILE, "", "ALLOW", "", T0, T0.plusSeconds(5), T0.plusSeconds(100), 95,
                Disposition.ANSWERED, 16, "ast1", false);
    }

    @Test
    void theRaterIsLookedForAtTheFirstRecordNotBeforeAndKeptOnceFound() {
        AtomicInteger lookups = new AtomicInteger();
        CallRater rater = c -> Optional.of(RATED);
        RecordRating rating = new RecordRating(() -> {
            lookups.incrementAndGet();
            return Optional.of(rater);
        }, clock, next::add);
        assertThat(lookups).hasValue(0); // built at the records module's start: the credit module may not be there yet

        rating.accept(call(1));
        rating.accept(call(2));
        assertThat(lookups).hasValue(1);
        assertThat(next).extracting(CallRecord::rating).containsExactly(RATED, RATED);
        assertThat(next.get(0)).isEqualTo(call(1).withRating(RATED));
        assertThat(rating.rated()).isEqualTo(2);
    }

    @Test
    void aRaterStartedAfterTheFirstRecordsIsFoundWithinAMinuteAndTheRecordsBeforeGoOnUnrated() {
        AtomicReference<CallRater> offered = new AtomicReference<>();
        AtomicInteger lookups = new AtomicInteger();
        RecordRating rating = new RecordRating(() -> {
            lookups.incrementAndGet();
            return Optional.ofNullable(offered.get());
        }, clock, next::add);

        rating.accept(call(1));
        offered.set(c -> Optional.of(RATED));
        clock.advance(Duration.ofSeconds(59));
        rating.accept(call(2)); // not looked for again yet: the absence is kept a minute
        assertThat(lookups).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        rating.accept(call(3));
        assertThat(lookups).hasValue(2);
        assertThat(next).extracting(CallRecord::rating).containsExactly(null, null, RATED);
        assertThat(rating.withoutRater()).isEqualTo(2);
        assertThat(rating.rated()).isEqualTo(1);
    }

    @Test
    void aRaterThatThrowsOrAnswersNullOrEmptyLeavesTheRecordUnratedAndItAlwaysGoesOn() {
        AtomicInteger n = new AtomicInteger();
        CallRater odd = c -> switch (n.incrementAndGet()) {
            case 1 -> throw new IllegalStateException("tariffs not loaded");
            case 2 -> null;
            case 3 -> Optional.empty();
            default -> Optional.of(RATED);
        };
        RecordRating rating = new RecordRating(() -> Optional.of(odd), clock, next::add);
        for (int i = 1; i <= 4; i++) rating.accept(call(i));

        assertThat(next).extracting(CallRecord::uniqueId).containsExactly("1.1", "1.2", "1.3", "1.4");
        assertThat(next).extracting(CallRecord::rating).containsExactly(null, null, null, RATED);
        assertThat(rating.failures()).isEqualTo(2);
        assertThat(rating.unrated()).isEqualTo(1);
        assertThat(rating.rated()).isEqualTo(1);
    }

    @Test
    void aLookupThatFailsTwoModulesOfferingARaterLeavesTheRecordsUnrated() {
        RecordRating rating = new RecordRating(() -> {
            throw new IllegalStateException("service CallRater is offered by several modules: ask for all");
        }, clock, next::add);
        rating.accept(call(1));
        assertThat(next).extracting(CallRecord::rating).containsExactly((CallRating) null);
        assertThat(rating.failures()).isEqualTo(1);
        assertThat(rating.withoutRater()).isEqualTo(1);
    }
}
