package io.callguard.traffic;

import io.callguard.core.directory.Directory;
import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.RecordEntry;
import io.callguard.suspension.SuspensionReason;
import io.callguard.traffic.measures.TrafficFigures;
import io.callguard.traffic.measures.TrafficMeasures;
import io.callguard.traffic.rules.RuleAction;
import io.callguard.traffic.rules.TrafficRule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The measures: the day and sliding 24 h, the rebuild from the store, the consumption baseline. */
class TrafficMeasuresTest {
    private final TrafficFixture f = new TrafficFixture(m -> { });
    private RecordEntry last;

    private void store(CallRecord r) {
        last = RecordEntry.chain(last, "ast1", r.endedAt(), r, null);
        f.records.append(List.of(last));
    }

    @Test
    void dayAndSlidingFiguresCountOutboundCallsOnceAndTheRebuildReadsThemBack() {
        List<CallRecord> yesterday = new ArrayList<>();
        f.clock.set(TrafficFixture.T0.minus(Duration.ofHours(20))); // Sunday 14:00 Paris
        for (int i = 0; i < 4; i++) yesterday.add(f.call(true, 30));
        f.clock.set(TrafficFixture.T0);
        List<CallRecord> today = List.of(f.call(true, 60), f.call(false, 0), f.call(true, 10));
        for (CallRecord r : yesterday) store(r);
        for (CallRecord r : today) store(r);

        TrafficMeasures m = new TrafficMeasures(f.clock);
        assertThat(TrafficModule.rebuild(m, f.records, f.directory, f.clock)).isEqualTo(7);
        for (CallRecord r : today) assertThat(m.add(r)).as("already counted").isFalse();
        TrafficFigures day = m.day(TrafficFixture.ACME, m.today(), 40);
        assertThat(day.placed()).isEqualTo(3);
        assertThat(day.answered()).isEqualTo(2);
        assertThat(day.acdSeconds()).isEqualByComparingTo("35");
        assertThat(day.shortCalls()).isEqualTo(1);
        assertThat(day.distinctDestinations()).isEqualTo(3);
        assertThat(day.mobileShare()).isEqualByComparingTo("1");
        assertThat(m.sliding(TrafficFixture.ACME, 40).placed()).as("the last 24 h cross midnight").isEqualTo(7);
        f.clock.advance(Duration.ofHours(5));
        assertThat(m.sliding(TrafficFixture.ACME, 40).placed()).as("yesterday's calls slid out").isEqualTo(3);
    }

    /** The day's figures are counted as calls arrive (O(1) a call); the sliding 24 h still computes from the calls. */
    @Test
    void aDaysFiguresCountedAsCallsArriveEqualThoseComputedFromItsCalls() {
        TrafficMeasures m = new TrafficMeasures(f.clock);
        f.clock.set(TrafficFixture.T0.minus(Duration.ofHours(8))); // 02:00 Paris: the whole series within the day
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 400; i++) {
            f.clock.advance(Duration.ofMillis(random.nextInt(3) * 400L)); // several calls in some seconds: a peak
            long seconds = switch (random.nextInt(5)) {
                case 0 -> 40; case 1 -> 39; case 2 -> 0; case 3 -> 3600 + random.nextInt(100); default -> random.nextInt(600);
            };
            m.add(f.call(random.nextInt(4) != 0, seconds));
            if (i % 97 == 0 || i == 399) {
                for (long bound : new long[] {1, 40, 3600}) {
                    assertThat(m.day(TrafficFixture.ACME, m.today(), bound))
                            .as("after %d calls, short calls under %d s", i + 1, bound)
                            .usingRecursiveComparison().withComparatorForType(java.math.BigDecimal::compareTo, java.math.BigDecimal.class)
                            .isEqualTo(m.sliding(TrafficFixture.ACME, bound));
                }
            }
        }
    }

    /**
     * The measures keep each call as primitive columns and hashes (issue 13); their figures of two days of calls (some
     * heard twice, destinations repeated, rated, fixed and mobile, several in one second) equal those counted from the
     * records one by one with plain sets and maps, for the day, yesterday and the sliding 24 h, at several bounds.
     */
    @Test
    void figuresOfTwoDaysOfCallsEqualThoseCountedFromTheRecordsOneByOne() {
        TrafficMeasures m = new TrafficMeasures(f.clock);
        java.util.Random random = new java.util.Random(7);
        List<CallRecord> heard = new ArrayList<>();
        f.clock.set(TrafficFixture.T0.minus(Duration.ofHours(30)));
        for (int i = 0; i < 3000; i++) {
            f.clock.advance(Duration.ofMillis(random.nextInt(4) == 0 ? 0 : random.nextInt(110_000)));
            boolean answered = random.nextInt(3) != 0;
            long seconds = random.nextInt(6) == 0 ? 3600 + random.nextInt(50) : random.nextInt(120);
            CallRecord r = f.call(answered, seconds);
            String callee = (random.nextBoolean() ? "06" : "01") + String.format("%08d", random.nextInt(400));
            CallRating rating = random.nextBoolean() ? null : new CallRating("plan", 1, "rate", seconds,
                    java.math.BigDecimal.valueOf(random.nextInt(1_000_000), 4));
            r = new CallRecord(r.uniqueId(), r.linkedId(), r.accountId(), r.trunkId(), r.direction(), r.caller(), callee,
                    callee, callee.startsWith("06") ? io.callguard.core.numbering.NumberCategory.MOBILE
                            : io.callguard.core.numbering.NumberCategory.GEOGRAPHIC, "", r.verdict(), r.reason(),
                    r.startedAt(), r.answeredAt(), r.endedAt(), r.billableSeconds(), r.disposition(), r.cause(),
                    r.asteriskNode(), r.adopted(), rating);
            assertThat(m.add(r)).isTrue();
            heard.add(r);
            if (random.nextInt(10) == 0) assertThat(m.add(heard.get(random.nextInt(heard.size())))).as("heard again").isFalse();
        }
        java.time.ZoneId zone = TrafficMeasures.ZONE;
        java.time.LocalDate today = m.today();
        Instant now = f.clock.instant();
        for (long bound : new long[] {1, 30, 40, 3600}) {
            assertThat(m.day(TrafficFixture.ACME, today, bound)).usingRecursiveComparison()
                    .withComparatorForType(java.math.BigDecimal::compareTo, java.math.BigDecimal.class)
                    .isEqualTo(countedOneByOne(heard, r -> java.time.LocalDate.ofInstant(r.startedAt(), zone).equals(today), bound));
            assertThat(m.day(TrafficFixture.ACME, today.minusDays(1), bound)).usingRecursiveComparison()
                    .withComparatorForType(java.math.BigDecimal::compareTo, java.math.BigDecimal.class)
                    .isEqualTo(countedOneByOne(heard, r -> java.time.LocalDate.ofInstant(r.startedAt(), zone)
                            .equals(today.minusDays(1)), bound));
            TrafficFigures sliding = m.sliding(TrafficFixture.ACME, bound);
            assertThat(sliding.placed()).as("some calls slid out, most did not").isBetween(100L, 2999L);
            assertThat(sliding).usingRecursiveComparison()
                    .withComparatorForType(java.math.BigDecimal::compareTo, java.math.BigDecimal.class)
                    .isEqualTo(countedOneByOne(heard, r -> !r.startedAt().isBefore(now.minus(TrafficMeasures.SLIDING))
                            && r.startedAt().isBefore(now.plusMillis(1)), bound));
        }
    }

    /** The sliding 24 h counts outside the lock while calls keep arriving: every reading is a consistent prefix. */
    @Test
    void theSlidingDayCountsWhileCallsArriveOnAnotherThread() throws Exception {
        TrafficMeasures m = new TrafficMeasures(f.clock);
        f.clock.set(TrafficFixture.T0);
        List<CallRecord> calls = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) calls.add(f.call(i % 3 == 0, 30));
        Thread writer = new Thread(() -> calls.forEach(m::add), "traffic-writer");
        writer.start();
        long previous = 0;
        while (writer.isAlive()) {
            TrafficFigures now = m.sliding(TrafficFixture.ACME, 40);
            assertThat(now.placed()).isGreaterThanOrEqualTo(previous);
            assertThat(now.answered()).isBetween(now.placed() / 3, (now.placed() + 2) / 3);
            assertThat(now.billableSeconds()).isEqualTo(now.answered() * 30);
            previous = now.placed();
        }
        writer.join();
        assertThat(m.sliding(TrafficFixture.ACME, 40).placed()).isEqualTo(100_000);
    }

    private static TrafficFigures countedOneByOne(List<CallRecord> records, java.util.function.Predicate<CallRecord> which,
                                                  long bound) {
        long placed = 0, answered = 0, seconds = 0, shortCalls = 0, mobile = 0;
        java.math.BigDecimal amount = java.math.BigDecimal.ZERO;
        java.util.Set<String> destinations = new java.util.HashSet<>();
        java.util.Map<Long, Integer> perSecond = new java.util.HashMap<>();
        for (CallRecord r : records) {
            if (!which.test(r)) continue;
            placed++;
            if (r.answeredAt() != null) {
                answered++;
                seconds += r.billableSeconds();
                if (r.billableSeconds() < bound) shortCalls++;
            }
            if (r.rating() != null) amount = amount.add(r.rating().amountCents());
            destinations.add(r.calleeNormalised());
            if (r.category() == io.callguard.core.numbering.NumberCategory.MOBILE) mobile++;
            perSecond.merge(r.startedAt().getEpochSecond(), 1, Integer::sum);
        }
        long peak = perSecond.values().stream().mapToLong(Integer::longValue).max().orElse(0);
        return new TrafficFigures(placed, answered, seconds, amount, destinations.size(), peak, shortCalls, mobile, bound);
    }

    @Test
    void consumptionOverFactorTimesTheSameWeekdayBaselineSuspendsToProtectTheClient() throws Exception {
        f.rule(TrafficRule.ABNORMAL_CONSUMPTION, RuleAction.SUSPEND);
        Instant now = TrafficFixture.T0;
        for (int w = 1; w <= 4; w++) { // 4 Mondays of 50 calls of 10 s: 500 s a Monday
            f.clock.set(now.minus(Duration.ofDays(7L * w)));
            for (int i = 0; i < 50; i++) store(f.call(true, 10));
        }
        f.clock.set(now);
        for (int i = 0; i < 50; i++) f.watch.recorded(f.call(true, 30)); // 1500 s: 3 x 500, not over
        f.watch.drain();
        assertThat(f.open()).isEmpty();
        f.watch.recorded(f.call(true, 30));
        f.watch.drain();
        assertThat(f.open()).hasSize(1);
        assertThat(f.open().get(0).reason()).isEqualTo(SuspensionReason.ABNORMAL_CONSUMPTION);
        assertThat(f.open().get(0).note()).contains("protect the client");
    }
}
