package io.callguard.redis;

import io.callguard.core.limits.Allocation;
import io.callguard.core.limits.Allocations;
import io.callguard.core.state.CreditReservations;
import io.callguard.core.state.IdempotencyKeys;
import io.callguard.core.state.LeasedCreditReservations;
import io.callguard.core.state.NodeScopedCreditReservations;
import io.callguard.core.state.StateLease;
import io.callguard.core.state.SlidingWindow;
import io.callguard.core.state.SlidingWindows;
import io.callguard.core.state.StateBackend;
import io.callguard.core.state.WindowCheck;
import io.callguard.core.time.MutableClock;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour of the state port every backend must have (the in-memory tests of core, made backend-neutral):
 * run by {@link InMemoryStateBackendTest} against the local backend and by {@link RedisStateBackendTest} against
 * Redis, so both answer alike. Times are whole milliseconds (Redis's resolution).
 */
abstract class StateBackendContract {
    static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    static final String TRUNK = "trunk:trunk-a";
    static final SlidingWindow PER_SECOND = new SlidingWindow("1/s", 1, Duration.ofSeconds(1));
    static final SlidingWindow PER_MINUTE = new SlidingWindow("10/min", 10, Duration.ofMinutes(1));
    static final List<SlidingWindow> SMS = List.of(PER_SECOND, PER_MINUTE);

    final MutableClock clock = new MutableClock(T0);

    /** A fresh, empty backend for this test (forced allocations without a time dated by {@link #clock}). */
    abstract StateBackend backend();

    Allocations allocations() { return backend().allocations(); }

    SlidingWindows windows() { return backend().slidingWindows(); }

    IdempotencyKeys keys() { return backend().idempotencyKeys(); }

    CreditReservations credit() { return backend().creditReservations(); }

    private boolean allocate(String holder, int limit, long lifeSeconds) {
        return allocations().allocate(TRUNK, holder, limit, clock.instant().plusSeconds(lifeSeconds), clock.instant());
    }

    // ---- allocations

    @Test
    void twoHundredConcurrentAsyncAllocationsOnALimitOfTwoGrantExactlyTwo() throws Exception {
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            results.add(allocations().allocateAsync(TRUNK, "call-" + i, 2, T0.plusSeconds(7500), T0).toCompletableFuture());
        }
        int granted = 0;
        for (CompletableFuture<Boolean> f : results) if (f.get(10, TimeUnit.SECONDS)) granted++;
        assertThat(granted).isEqualTo(2);
        assertThat(allocations().inUse(TRUNK, T0)).isEqualTo(2);
        assertThat(allocations().holders(TRUNK, T0)).hasSize(2);
    }

    @Test
    void allocatingTheSameHolderTwiceCountsItOnce() {
        assertThat(allocate("a", 2, 100)).isTrue();
        assertThat(allocate("a", 2, 200)).isTrue();
        assertThat(allocations().inUse(TRUNK, T0)).isEqualTo(1);
        assertThat(allocate("b", 2, 100)).isTrue();
        assertThat(allocate("a", 2, 100)).as("already held, even on a full resource").isTrue();
        assertThat(allocate("c", 2, 100)).isFalse();
        assertThat(allocations().holders(TRUNK, T0)).extracting(Allocation::holder).containsExactly("a", "b");
        assertThat(allocations().holders(TRUNK, T0).get(0).expiresAt()).as("expiry moved to the later one")
                .isEqualTo(T0.plusSeconds(200));
    }

    @Test
    void aHolderCountedByForceIsGrantedOnlyWhenFewerThanTheLimitOthersCameBeforeIt() {
        allocations().forceAllocate(TRUNK, "emergency", T0.plusSeconds(100), T0);
        allocations().forceAllocate(TRUNK, "x", T0.plusSeconds(100), T0);
        allocations().forceAllocate(TRUNK, "y", T0.plusSeconds(100), T0);
        assertThat(allocate("y", 2, 200)).as("emergency and x came before y").isFalse();
        assertThat(allocate("x", 2, 200)).as("only the emergency call came before x").isTrue();
        assertThat(allocations().inUse(TRUNK, T0)).as("nothing counted twice").isEqualTo(3);
        assertThat(allocations().holders(TRUNK, T0)).extracting(Allocation::holder, Allocation::forced)
                .containsExactly(Tuple.tuple("emergency", true), Tuple.tuple("x", false), Tuple.tuple("y", true));
        assertThat(allocations().holders(TRUNK, T0).get(2).expiresAt()).as("a refusal leaves it as it was")
                .isEqualTo(T0.plusSeconds(100));
        assertThat(allocations().holders(TRUNK, T0).get(1).expiresAt()).isEqualTo(T0.plusSeconds(200));
    }

    @Test
    void releaseResourceFreesEveryHolderOfThatResourceOnly() {
        allocate("a", 2, 100);
        allocations().forceAllocate(TRUNK, "b", T0.plusSeconds(100), T0);
        allocations().allocate("trunk:other", "a", 2, T0.plusSeconds(100), T0);
        assertThat(allocations().releaseResource(TRUNK)).isEqualTo(2);
        assertThat(allocations().releaseResource(TRUNK)).isZero();
        assertThat(allocations().inUse(TRUNK, T0)).isZero();
        assertThat(allocations().inUse("trunk:other", T0)).isEqualTo(1);
        assertThat(allocations().releaseHolder("b")).as("the holder index forgot it too").isZero();
    }

    @Test
    void releaseIsIdempotentAndUnknownReleasesChangeNothing() throws Exception {
        allocate("a", 2, 100);
        allocate("b", 2, 100);
        assertThat(allocations().releaseAsync(TRUNK, "a").toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(allocations().release(TRUNK, "a")).isFalse();
        assertThat(allocations().release(TRUNK, "nobody")).isFalse();
        assertThat(allocations().release("trunk:other", "b")).isFalse();
        assertThat(allocations().inUse(TRUNK, T0)).isEqualTo(1);
    }

    @Test
    void expiredHoldersStopCountingAndExpireDropsThem() {
        allocate("a", 1, 10);
        assertThat(allocate("b", 1, 10)).isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(allocations().inUse(TRUNK, clock.instant())).as("expiresAt == now no longer counts").isZero();
        assertThat(allocations().holders(TRUNK, clock.instant())).isEmpty();
        assertThat(allocations().resources()).containsExactly(TRUNK);
        assertThat(allocations().expire(clock.instant())).isEqualTo(1);
        assertThat(allocations().resources()).isEmpty();
        assertThat(allocations().release(TRUNK, "a")).isFalse();
    }

    @Test
    void anExpiredHolderIsReplacedOnAllocate() {
        allocate("a", 1, 10);
        clock.advance(Duration.ofSeconds(11));
        assertThat(allocate("b", 1, 10)).isTrue();
        assertThat(allocations().holders(TRUNK, clock.instant())).extracting(Allocation::holder).containsExactly("b");
    }

    @Test
    void aOneSecondWindowForgetsItsExpiredHolders() {
        String cps = "cps:acme";
        for (int i = 0; i < 300; i++) {
            Instant now = clock.instant();
            assertThat(allocations().allocate(cps, "call-" + i, 5, now.plusSeconds(1), now)).isTrue();
            clock.advance(Duration.ofMillis(200));
        }
        assertThat(allocations().releaseHolder("call-0")).as("dropped holders leave the holder index too").isZero();
        assertThat(allocations().releaseResource(cps)).as("only the live second is recorded").isLessThanOrEqualTo(5);
    }

    @Test
    void forcedAllocationsAreCountedAndNeverRefused() {
        allocate("a", 2, 100);
        allocate("b", 2, 100);
        allocations().forceAllocate(TRUNK, "emergency", T0.plusSeconds(100));
        assertThat(allocations().inUse(TRUNK, T0)).isEqualTo(3);
        assertThat(allocate("c", 2, 100)).isFalse();
        allocations().release(TRUNK, "a");
        assertThat(allocate("c", 2, 100)).as("still 2 in use with the forced one").isFalse();
        Allocation forced = allocations().holders(TRUNK, T0).stream().filter(Allocation::forced).findFirst().orElseThrow();
        assertThat(forced.holder()).isEqualTo("emergency");
        assertThat(forced.allocatedAt()).isEqualTo(T0);
    }

    @Test
    void releaseHolderFreesEveryResourceOrOnlyThoseWithThePrefix() {
        allocations().allocate("trunk:a", "U", 2, T0.plusSeconds(100), T0);
        allocations().allocate("trunk:b", "U", 2, T0.plusSeconds(100), T0);
        allocations().allocate("cps:acme", "U", 2, T0.plusSeconds(1), T0);
        assertThat(allocations().releaseHolder("U", "trunk:")).isEqualTo(2);
        assertThat(allocations().inUse("cps:acme", T0)).isEqualTo(1);
        assertThat(allocations().releaseHolder("U")).isEqualTo(1);
        assertThat(allocations().releaseHolder("U")).isZero();
        assertThat(allocations().resources()).isEmpty();
    }

    @Test
    void badAllocationArgumentsAreRefused() {
        assertThatThrownBy(() -> allocations().allocate(" ", "a", 1, T0.plusSeconds(1), T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> allocations().allocate(TRUNK, "", 1, T0.plusSeconds(1), T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> allocations().allocate(TRUNK, "a", 1, T0, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(allocations().allocateAsync(TRUNK, "a", 1, T0, T0).toCompletableFuture())
                .as("the async variant fails its stage, never throws").isCompletedExceptionally();
        assertThat(allocations().allocate(TRUNK, "a", 0, T0.plusSeconds(1), T0)).as("a cap of 0 refuses all").isFalse();
        assertThat(allocations().resources()).as("a refusal records nothing").isEmpty();
    }

    // ---- sliding windows

    private WindowCheck at(String key, double seconds) {
        return windows().tryRecord(key, SMS, T0.plusMillis(Math.round(seconds * 1000)));
    }

    @Test
    void anEventLeavesItsWindowExactlyOnePeriodLater() {
        assertThat(at("a", 0).recorded()).isTrue();
        WindowCheck refused = at("a", 0.999);
        assertThat(refused.recorded()).isFalse();
        assertThat(refused.refusingIndex()).isZero();
        assertThat(refused.roomAt()).containsExactly(T0.plusSeconds(1), T0.plusMillis(999));
        assertThat(refused.waitTime()).isEqualTo(Duration.ofMillis(1));
        assertThat(at("a", 1).recorded()).as("at t + period the event no longer counts").isTrue();
    }

    @Test
    void theEleventhInAnyMinuteIsRefusedUntilTheOldestCountedLeaves() {
        for (int i = 0; i < 10; i++) assertThat(at("a", i).recorded()).as("event %d", i + 1).isTrue();
        WindowCheck r = at("a", 10);
        assertThat(r.recorded()).isFalse();
        assertThat(r.refusingIndex()).isEqualTo(1);
        assertThat(r.roomAt().get(1)).isEqualTo(T0.plusSeconds(60));
        assertThat(r.waitTime()).isEqualTo(Duration.ofSeconds(50));
        assertThat(at("a", 59.999).recorded()).isFalse();
        assertThat(at("a", 60).recorded()).isTrue();
    }

    @Test
    void slidingAcrossAMinuteBoundaryStillCountsTheLastSixtySeconds() {
        assertThat(at("a", 0).recorded()).isTrue();
        for (int i = 50; i < 59; i++) assertThat(at("a", i).recorded()).isTrue();
        assertThat(at("a", 60).recorded()).as("t=0 left, so t=60 is the 10th in (0, 60]").isTrue();
        WindowCheck r = at("a", 61);
        assertThat(r.recorded()).isFalse();
        assertThat(r.waitTime()).as("the event of t=50 s leaves at 110 s").isEqualTo(Duration.ofSeconds(49));
        assertThat(at("a", 110).recorded()).isTrue();
    }

    @Test
    void whenSeveralWindowsAreFullTheLongestWaitIsTheOneNamed() {
        for (int i = 0; i < 10; i++) at("a", i * 1.001);
        WindowCheck r = at("a", 9.2);
        assertThat(r.roomAt().get(0)).as("the per-second window frees first").isBefore(r.roomAt().get(1));
        assertThat(r.refusingIndex()).isEqualTo(1);
        assertThat(r.waitTime()).isEqualTo(Duration.ofMillis(50_800));
    }

    @Test
    void refusedAttemptsCountForNothing() {
        assertThat(at("a", 0).recorded()).isTrue();
        for (int i = 0; i < 50; i++) assertThat(at("a", 0.5).recorded()).isFalse();
        assertThat(at("a", 1).recorded()).isTrue();
    }

    @Test
    void aRemovedEventGivesItsRoomBackInEveryWindow() {
        WindowCheck first = at("a", 0);
        assertThat(at("a", 0.5).recorded()).isFalse();
        assertThat(windows().remove("a", first.at())).isTrue();
        assertThat(windows().remove("a", first.at())).as("only once").isFalse();
        assertThat(at("a", 0.5).recorded()).isTrue();
        assertThat(windows().remove("b", first.at())).as("unknown key").isFalse();
    }

    @Test
    void eventsAtTheSameInstantAreCountedApart() {
        List<SlidingWindow> three = List.of(new SlidingWindow("3/s", 3, Duration.ofSeconds(1)));
        for (int i = 0; i < 3; i++) assertThat(windows().tryRecord("same", three, T0).recorded()).isTrue();
        assertThat(windows().tryRecord("same", three, T0).recorded()).isFalse();
        assertThat(windows().remove("same", T0)).isTrue();
        assertThat(windows().tryRecord("same", three, T0).recorded()).as("one taken back, one room").isTrue();
    }

    @Test
    void keysHaveSeparateBudgets() {
        assertThat(at("a", 0).recorded()).isTrue();
        assertThat(at("b", 0).recorded()).isTrue();
        assertThat(at("a", 0).recorded()).isFalse();
        assertThat(windows().tracked("")).isEqualTo(2);
        assertThat(windows().tracked("a")).isEqualTo(1);
    }

    @Test
    void aKeyIsDroppedOnceNoneOfItsEventsCanCount() {
        at("a", 0);
        assertThat(windows().expire(T0.plusSeconds(59))).isZero();
        assertThat(windows().tracked("")).isEqualTo(1);
        assertThat(windows().expire(T0.plusSeconds(60))).isEqualTo(1);
        assertThat(windows().tracked("")).isZero();
    }

    @Test
    void recordingSweepsIdleKeysByItselfSoMemoryStaysBounded() {
        for (int i = 0; i < 200; i++) windows().tryRecord("k" + i, SMS, T0);
        assertThat(windows().tracked("k")).isEqualTo(200);
        windows().tryRecord("late", SMS, T0.plusSeconds(121));
        assertThat(windows().tracked("k")).isZero();
        assertThat(windows().tracked("late")).isEqualTo(1);
    }

    @Test
    void aKeyWhoseOnlyEventIsRemovedKeepsNothing() {
        windows().tryRecord("a", List.of(PER_SECOND), T0);
        windows().remove("a", T0);
        assertThat(windows().tracked("")).isZero();
    }

    @Test
    void thirtyConcurrentAsyncAttemptsWithRoomForOneRecordExactlyOne() throws Exception {
        List<CompletableFuture<WindowCheck>> attempts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            attempts.add(windows().tryRecordAsync("acme", SMS, T0.plusMillis(i % 7)).toCompletableFuture());
        }
        int recorded = 0;
        for (CompletableFuture<WindowCheck> f : attempts) if (f.get(10, TimeUnit.SECONDS).recorded()) recorded++;
        assertThat(recorded).isEqualTo(1);
    }

    @Test
    void badWindowArgumentsAreRefused() {
        assertThatThrownBy(() -> windows().tryRecord(" ", SMS, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> windows().tryRecord("a", List.of(), T0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(windows().tracked("")).isZero();
    }

    // ---- idempotency keys

    private static final Instant DAY = T0.plus(Duration.ofDays(1));

    @Test
    void theFirstValueWinsUntilItExpires() throws Exception {
        assertThat(keys().putIfAbsentAsync("acme\nk1", "sms_1", DAY, T0).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isEmpty();
        assertThat(keys().putIfAbsent("acme\nk1", "sms_2", DAY, T0.plusSeconds(5))).contains("sms_1");
        assertThat(keys().get("acme\nk1", DAY.minusMillis(1))).contains("sms_1");
        assertThat(keys().get("acme\nk1", DAY)).as("expiry is exclusive").isEmpty();
        assertThat(keys().putIfAbsent("acme\nk1", "sms:3", DAY.plusSeconds(60), DAY)).isEmpty();
        assertThat(keys().get("acme\nk1", DAY)).as("a value may hold the separator").contains("sms:3");
    }

    @Test
    void aRemovedKeyCanBeTakenAgain() {
        keys().putIfAbsent("k", "v1", DAY, T0);
        assertThat(keys().remove("k")).isTrue();
        assertThat(keys().remove("k")).isFalse();
        assertThat(keys().get("k", T0)).isEmpty();
        assertThat(keys().putIfAbsent("k", "v2", DAY, T0)).isEmpty();
    }

    @Test
    void expireDropsTheExpiredEntriesOnly() {
        keys().putIfAbsent("short", "v", T0.plusSeconds(10), T0);
        keys().putIfAbsent("long", "v", T0.plusSeconds(100), T0);
        assertThat(keys().expire(T0.plusSeconds(10))).isEqualTo(1);
        assertThat(keys().remove("short")).as("already dropped").isFalse();
        assertThat(keys().get("long", T0.plusSeconds(10))).contains("v");
    }

    @Test
    void concurrentPutsForOneKeySeeExactlyOneWinnerAndItsValue() throws Exception {
        for (int round = 0; round < 20; round++) {
            String key = "race-" + round;
            List<CompletableFuture<Optional<String>>> answers = new ArrayList<>();
            for (int t = 0; t < 16; t++) answers.add(keys().putIfAbsentAsync(key, "v" + t, DAY, T0).toCompletableFuture());
            int winners = 0;
            Set<String> seen = new HashSet<>();
            for (CompletableFuture<Optional<String>> f : answers) {
                Optional<String> held = f.get(10, TimeUnit.SECONDS);
                if (held.isEmpty()) winners++;
                else seen.add(held.get());
            }
            assertThat(winners).isEqualTo(1);
            assertThat(seen).containsExactly(keys().get(key, T0).orElseThrow());
        }
    }

    @Test
    void badKeyArgumentsAreRefused() {
        assertThatThrownBy(() -> keys().putIfAbsent("", "v", DAY, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys().putIfAbsent("k", "v", T0, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys().putIfAbsent("k", null, DAY, T0)).isInstanceOf(NullPointerException.class);
        assertThat(keys().get("k", T0)).isEmpty();
    }

    // ---- credit reservations

    private static final Instant LATER = T0.plusSeconds(600);

    private Optional<BigDecimal> reserve(String holder, String limit, String share, String atMost, String atLeast) {
        return credit().reserve("acme", holder, new BigDecimal(limit), new BigDecimal(share), new BigDecimal(atMost),
                new BigDecimal(atLeast), LATER, T0);
    }

    @Test
    void aCallTakesItsShareOfTheFreeCreditCappedByWhatItCanUseAndAtLeastOneIncrement() {
        assertThat(reserve("a", "100", "0.5", "7200", "1")).contains(new BigDecimal("50.0000"));
        assertThat(reserve("b", "100", "0.5", "10", "1")).as("capped by its maximum's cost").contains(new BigDecimal("10"));
        assertThat(reserve("c", "100", "0.1", "7200", "30")).as("raised to the first increment").contains(new BigDecimal("30"));
        assertThat(reserve("d", "100", "1", "7200", "30")).as("10 free, 30 needed").isEmpty();
        assertThat(credit().reserved("acme", T0)).isEqualByComparingTo("90");
        assertThat(credit().count("acme", T0)).isEqualTo(3);
        assertThat(credit().release("acme", "a")).contains(new BigDecimal("50.0000"));
        assertThat(credit().release("acme", "a")).isEmpty();
        assertThat(credit().reserved("other", T0)).isEqualByComparingTo("0");
    }

    @Test
    void theShareIsExactToTheTenThousandthOfACentRoundedDown() {
        assertThat(reserve("a", "1000.0001", "0.333333333333", "100000", "0")).contains(new BigDecimal("333.3333"));
        assertThat(reserve("b", "123456789012.3456", "0.7", "899999999999", "0"))
                .as("beyond a double's exact fractions").contains(new BigDecimal("86419752075.3086"));
        assertThat(credit().reserved("acme", T0)).isEqualByComparingTo("86419752408.6419");
    }

    @Test
    void reservationsExpireAndAHolderReservingAgainReplacesItsOwn() {
        reserve("a", "100", "1", "60", "1");
        assertThat(reserve("a", "100", "1", "80", "1")).contains(new BigDecimal("80"));
        assertThat(credit().reserved("acme", T0)).isEqualByComparingTo("80");
        assertThat(credit().reserved("acme", LATER)).as("expired at its expiry").isEqualByComparingTo("0");
        assertThatThrownBy(() -> reserve("z", "100", "0", "1", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentAsyncReservesNeverExceedTheLimitTogether() throws Exception {
        List<CompletableFuture<Optional<BigDecimal>>> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            out.add(credit().reserveAsync("acme", "h" + i, new BigDecimal("100"), new BigDecimal("0.5"),
                    new BigDecimal("7200"), BigDecimal.ONE, LATER, T0).toCompletableFuture());
        }
        BigDecimal granted = BigDecimal.ZERO;
        for (CompletableFuture<Optional<BigDecimal>> f : out) {
            granted = granted.add(f.get(10, TimeUnit.SECONDS).orElse(BigDecimal.ZERO));
        }
        assertThat(granted).isLessThanOrEqualTo(new BigDecimal("100"));
        assertThat(credit().reserved("acme", T0)).isEqualByComparingTo(granted);
    }
    @Test
    void aRenewalMovesTheExpiryAndPutsBackAReservationTheBackendLost() {
        reserve("a", "100", "0.5", "7200", "1");
        credit().renew("acme", "a", new BigDecimal("50.0000"), LATER.plusSeconds(600), T0);
        assertThat(credit().reserved("acme", LATER)).as("counted past its first expiry").isEqualByComparingTo("50");
        assertThat(credit().release("acme", "a")).contains(new BigDecimal("50.0000"));
        credit().renew("acme", "a", new BigDecimal("12.5"), LATER, T0);
        assertThat(credit().reserved("acme", T0)).as("put back once lost").isEqualByComparingTo("12.5");
        assertThat(credit().count("acme", T0)).isEqualTo(1);
        assertThatThrownBy(() -> credit().renew("acme", "a", new BigDecimal("-1"), LATER, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> credit().renew("acme", "a", BigDecimal.ONE, T0, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCreditOfANodeThatStopsRenewingIsFreeForTheOthersWithinTheLeaseAndARenewingNodeKeepsItsOwn() {
        StateLease lease = new StateLease(Duration.ofSeconds(30));
        LeasedCreditReservations dead = new LeasedCreditReservations(new NodeScopedCreditReservations(credit(), "node-a"), lease);
        LeasedCreditReservations alive = new LeasedCreditReservations(new NodeScopedCreditReservations(credit(), "node-b"), lease);
        BigDecimal limit = new BigDecimal("100");
        Instant callEnds = T0.plusSeconds(7200);
        assertThat(dead.reserve("acme", "call-1", limit, BigDecimal.ONE, new BigDecimal("60"), BigDecimal.ONE, callEnds, T0))
                .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("60"));
        assertThat(alive.reserve("acme", "call-2", limit, BigDecimal.ONE, new BigDecimal("40"), BigDecimal.ONE, callEnds, T0))
                .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("40"));
        assertThat(alive.reserve("acme", "call-3", limit, BigDecimal.ONE, new BigDecimal("40"), BigDecimal.ONE, callEnds, T0))
                .as("the two live calls hold it all").isEmpty();
        // node-b renews every third of the lease; node-a, killed, never does
        for (int s = 10; s <= 30; s += 10) assertThat(alive.renewAll(T0.plusSeconds(s))).isEqualTo(1);
        Instant afterLease = T0.plusSeconds(31);
        assertThat(credit().reserved("acme", afterLease)).as("node-a's 60 freed within the lease, node-b's 40 kept")
                .isEqualByComparingTo("40");
        assertThat(alive.reserve("acme", "call-3", limit, BigDecimal.ONE, new BigDecimal("60"), BigDecimal.ONE, callEnds, afterLease))
                .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("60"));
        assertThat(alive.held()).isEqualTo(2);
        alive.release("acme", "call-2");
        assertThat(alive.held()).as("a released call is not renewed").isEqualTo(1);
        assertThat(alive.renewAll(callEnds)).as("nor one past its own end").isZero();
        assertThat(alive.held()).isZero();
    }
}
