package io.callguard.core.limits;

import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryAllocationsTest {
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private static final String TRUNK = "trunk:trunk-a";
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryAllocations allocations = new InMemoryAllocations(clock);

    private boolean allocate(String holder, int limit, long lifeSeconds) {
        return allocations.allocate(TRUNK, holder, limit, clock.instant().plusSeconds(lifeSeconds), clock.instant());
    }

    @Test
    void twoHundredConcurrentAllocationsOnALimitOfTwoGrantExactlyTwo() throws Exception {
        int tasks = 200;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                String holder = "call-" + i;
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return allocations.allocate(TRUNK, holder, 2, T0.plusSeconds(7500), T0);
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Boolean> f : results) {
                if (f.get(10, TimeUnit.SECONDS)) granted++;
            }
            assertThat(granted).isEqualTo(2);
            assertThat(allocations.inUse(TRUNK, T0)).isEqualTo(2);
            assertThat(allocations.holders(TRUNK, T0)).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentAllocateAndReleaseNeverExceedTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> maxSeen = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                maxSeen.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    int max = 0;
                    for (int i = 0; i < 500; i++) {
                        String holder = thread + "." + i;
                        if (allocations.allocate(TRUNK, holder, 3, T0.plusSeconds(60), T0)) {
                            max = Math.max(max, allocations.inUse(TRUNK, T0));
                            allocations.release(TRUNK, holder);
                        }
                    }
                    return max;
                }));
            }
            start.countDown();
            // A thread may win no slot at all under contention (max 0); what matters is that none ever saw more
            // holders than the limit, and that some thread did get through.
            int overall = 0;
            for (Future<Integer> f : maxSeen) {
                int max = f.get(10, TimeUnit.SECONDS);
                assertThat(max).isBetween(0, 3);
                overall = Math.max(overall, max);
            }
            assertThat(overall).isBetween(1, 3);
            assertThat(allocations.inUse(TRUNK, T0)).isZero();
            assertThat(allocations.resources()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void allocatingTheSameHolderTwiceCountsItOnce() {
        assertThat(allocate("a", 2, 100)).isTrue();
        assertThat(allocate("a", 2, 200)).isTrue();
        assertThat(allocations.inUse(TRUNK, T0)).isEqualTo(1);
        assertThat(allocate("b", 2, 100)).isTrue();
        assertThat(allocate("a", 2, 100)).as("already held, even on a full resource").isTrue();
        assertThat(allocate("c", 2, 100)).isFalse();
        assertThat(allocations.holders(TRUNK, T0)).extracting(Allocation::holder).containsExactly("a", "b");
        assertThat(allocations.holders(TRUNK, T0).get(0).expiresAt()).as("expiry moved to the later one")
                .isEqualTo(T0.plusSeconds(200));
    }

    @Test
    void aHolderCountedByForceIsGrantedOnlyWhenFewerThanTheLimitOthersCameBeforeIt() {
        allocations.forceAllocate(TRUNK, "emergency", T0.plusSeconds(100), T0);
        allocations.forceAllocate(TRUNK, "x", T0.plusSeconds(100), T0);
        allocations.forceAllocate(TRUNK, "y", T0.plusSeconds(100), T0);
        assertThat(allocate("y", 2, 200)).as("emergency and x came before y").isFalse();
        assertThat(allocate("x", 2, 200)).as("only the emergency call came before x").isTrue();
        assertThat(allocations.inUse(TRUNK, T0)).as("nothing counted twice").isEqualTo(3);
        assertThat(allocations.holders(TRUNK, T0)).extracting(Allocation::holder, Allocation::forced)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("emergency", true),
                        org.assertj.core.groups.Tuple.tuple("x", false), org.assertj.core.groups.Tuple.tuple("y", true));
        assertThat(allocations.holders(TRUNK, T0).get(2).expiresAt()).as("a refusal leaves it as it was")
                .isEqualTo(T0.plusSeconds(100));
    }

    @Test
    void releaseResourceFreesEveryHolderOfThatResourceOnly() {
        allocate("a", 2, 100);
        allocations.forceAllocate(TRUNK, "b", T0.plusSeconds(100), T0);
        allocations.allocate("trunk:other", "a", 2, T0.plusSeconds(100), T0);
        assertThat(allocations.releaseResource(TRUNK)).isEqualTo(2);
        assertThat(allocations.releaseResource(TRUNK)).isZero();
        assertThat(allocations.inUse(TRUNK, T0)).isZero();
        assertThat(allocations.inUse("trunk:other", T0)).isEqualTo(1);
        assertThat(allocations.releaseHolder("b")).as("the holder index forgot it too").isZero();
    }

    @Test
    void releaseIsIdempotentAndUnknownReleasesChangeNothing() {
        allocate("a", 2, 100);
        allocate("b", 2, 100);
        assertThat(allocations.release(TRUNK, "a")).isTrue();
        assertThat(allocations.release(TRUNK, "a")).isFalse();
        assertThat(allocations.release(TRUNK, "nobody")).isFalse();
        assertThat(allocations.release("trunk:other", "b")).isFalse();
        assertThat(allocations.inUse(TRUNK, T0)).isEqualTo(1);
    }

    @Test
    void expiredHoldersStopCountingAndExpireDropsThem() {
        allocate("a", 1, 10);
        assertThat(allocate("b", 1, 10)).isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(allocations.inUse(TRUNK, clock.instant())).as("expiresAt == now no longer counts").isZero();
        assertThat(allocations.holders(TRUNK, clock.instant())).isEmpty();
        assertThat(allocations.resources()).containsExactly(TRUNK);
        assertThat(allocations.expire(clock.instant())).isEqualTo(1);
        assertThat(allocations.resources()).isEmpty();
        assertThat(allocations.release(TRUNK, "a")).isFalse();
    }

    @Test
    void anExpiredHolderIsReplacedOnAllocate() {
        allocate("a", 1, 10);
        clock.advance(Duration.ofSeconds(11));
        assertThat(allocate("b", 1, 10)).isTrue();
        assertThat(allocations.holders(TRUNK, clock.instant())).extracting(Allocation::holder).containsExactly("b");
    }

    @Test
    void aOneSecondWindowDoesNotGrowWithTime() {
        String cps = "cps:acme";
        for (int i = 0; i < 10_000; i++) {
            Instant now = clock.instant();
            allocations.allocate(cps, "call-" + i, 5, now.plusSeconds(1), now);
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(allocations.recorded(cps)).isLessThanOrEqualTo(5);
        assertThat(allocations.releaseHolder("call-0")).as("dropped holders leave the holder index too").isZero();
    }

    @Test
    void forcedAllocationsAreCountedAndNeverRefused() {
        allocate("a", 2, 100);
        allocate("b", 2, 100);
        allocations.forceAllocate(TRUNK, "emergency", T0.plusSeconds(100));
        assertThat(allocations.inUse(TRUNK, T0)).isEqualTo(3);
        assertThat(allocate("c", 2, 100)).isFalse();
        allocations.release(TRUNK, "a");
        assertThat(allocate("c", 2, 100)).as("still 2 in use with the forced one").isFalse();
        Allocation forced = allocations.holders(TRUNK, T0).stream().filter(Allocation::forced).findFirst().orElseThrow();
        assertThat(forced.holder()).isEqualTo("emergency");
        assertThat(forced.allocatedAt()).isEqualTo(T0);
    }

    @Test
    void releaseHolderFreesEveryResourceOrOnlyThoseWithThePrefix() {
        allocations.allocate("trunk:a", "U", 2, T0.plusSeconds(100), T0);
        allocations.allocate("trunk:b", "U", 2, T0.plusSeconds(100), T0);
        allocations.allocate("cps:acme", "U", 2, T0.plusSeconds(1), T0);
        assertThat(allocations.releaseHolder("U", "trunk:")).isEqualTo(2);
        assertThat(allocations.inUse("cps:acme", T0)).isEqualTo(1);
        assertThat(allocations.releaseHolder("U")).isEqualTo(1);
        assertThat(allocations.releaseHolder("U")).isZero();
        assertThat(allocations.resources()).isEmpty();
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> allocations.allocate(" ", "a", 1, T0.plusSeconds(1), T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> allocations.allocate(TRUNK, "", 1, T0.plusSeconds(1), T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> allocations.allocate(TRUNK, "a", 1, T0, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(allocations.allocate(TRUNK, "a", 0, T0.plusSeconds(1), T0)).as("a cap of 0 refuses all").isFalse();
    }

    @Test
    void releaseHolderFreesOneTwoOrThreeResourcesAndTheIndexFollowsEveryChange() {
        for (int n = 1; n <= 3; n++) {
            String holder = "H" + n;
            for (int i = 0; i < n; i++) allocations.allocate("trunk:" + i, holder, 5, T0.plusSeconds(100), T0);
            assertThat(allocations.indexedResources(holder)).hasSize(n);
            assertThat(allocations.releaseHolder(holder)).as("holder of %d resource(s)", n).isEqualTo(n);
            assertThat(allocations.indexedResources(holder)).isEmpty();
        }
        // shrinking one at a time: 3 → 2 → 1 → none, each step still indexed right
        for (int i = 0; i < 3; i++) allocations.allocate("trunk:" + i, "S", 5, T0.plusSeconds(100), T0);
        allocations.release("trunk:1", "S");
        assertThat(allocations.indexedResources("S")).containsExactlyInAnyOrder("trunk:0", "trunk:2");
        allocations.release("trunk:0", "S");
        assertThat(allocations.indexedResources("S")).containsExactly("trunk:2");
        assertThat(allocations.releaseHolder("S", "cps:")).isZero();
        assertThat(allocations.releaseHolder("S", "trunk:")).isEqualTo(1);
        assertThat(allocations.indexedHolders()).isZero();
        assertThat(allocations.resources()).isEmpty();
    }

    @Test
    void aHolderOfOneResourceIsIndexedByThatResourceAloneAndAnExpiryUnindexesIt() {
        allocate("U", 5, 10);
        assertThat(allocations.indexedResources("U")).containsExactly(TRUNK);
        allocate("U", 5, 20);
        assertThat(allocations.indexedResources("U")).as("the same resource twice is one").containsExactly(TRUNK);
        assertThat(allocations.expire(T0.plusSeconds(30))).isEqualTo(1);
        assertThat(allocations.indexedHolders()).isZero();
    }

    @Test
    void everyAllocationOfAResourceSharesTheResourceStringOfItsFirst() {
        String first = new String("trunk:shared");
        allocations.allocate(first, "a", 5, T0.plusSeconds(100), T0);
        allocations.allocate(new String("trunk:shared"), "b", 5, T0.plusSeconds(100), T0);
        allocations.forceAllocate(new String("trunk:shared"), "c", T0.plusSeconds(100), T0);
        assertThat(allocations.holders("trunk:shared", T0)).hasSize(3)
                .allSatisfy(a -> assertThat(a.resource()).isSameAs(first));
    }

    @Test
    void releasingTheEarliestOfABusyResourceFindsTheNextWithoutGarbagePerHolder() {
        // a calls-per-second window holds a second of calls: each release of its earliest rescans them all, and
        // used to build two Instants per holder (most of the decision path's garbage under load)
        InMemoryAllocations allocations = new InMemoryAllocations();
        int holders = 2000;
        for (int i = 0; i < holders; i++) {
            assertThat(allocations.allocate("cps:busy", "call-" + i, holders, T0.plusMillis(1000 + i), T0)).isTrue();
        }
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10; i++) assertThat(allocations.release("cps:busy", "call-" + i)).isTrue();
        long perRelease = (threads.getThreadAllocatedBytes(tid) - before) / 10;
        assertThat(perRelease).as("bytes allocated per release over %d holders", holders).isLessThan(4 * holders);
        // the next earliest is still found: the 11th call's allocation is the first to expire
        assertThat(allocations.allocate("cps:busy", "late", holders, T0.plusSeconds(5), T0.plusMillis(1010))).isTrue();
        assertThat(allocations.holders("cps:busy", T0.plusMillis(1010))).extracting(Allocation::holder)
                .doesNotContain("call-10").contains("call-11", "late");
    }
}
