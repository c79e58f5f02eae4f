package io.callguard.core.state;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callguard.core.limits.Allocation;
import io.callguard.core.limits.Allocations;
import io.callguard.core.limits.InMemoryAllocations;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local fallback's mode switching on an injected clock, against a "remote" backend (in-memory maps behind a
 * switch that makes every call fail, as Redis does when it is down or past its command timeout).
 */
class FallbackStateTest {
    private static final String T0 = "trunk:t0";
    private static final List<SlidingWindow> SMS = List.of(new SlidingWindow("1/s", 1, Duration.ofSeconds(1)),
            new SlidingWindow("10/min", 10, Duration.ofMinutes(1)));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final Remote redis = new Remote(clock);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(FallbackState.class);

    @BeforeEach
    void listen() {
        logger.setLevel(Level.INFO);
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(log);
        logger.setLevel(null);
    }

    private FallbackState node(String id, boolean fallback) {
        return new FallbackState(redis.allocations, redis.windows, fallback, now -> redis.heartbeat(id, now), id, clock);
    }

    /** Every node probes twice: each has seen the others' heartbeats. */
    private static void live(FallbackState... nodes) {
        for (int i = 0; i < 2; i++) for (FallbackState n : nodes) now(n.probe());
    }

    private Instant later() { return clock.instant().plusSeconds(60); }

    private static <T> T now(CompletionStage<T> stage) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        assertThat(f).as("answered at once, never waiting for the remote backend").isDone();
        return f.join();
    }

    @Test
    void whileRedisAnswersEveryNodeCountsInItAndTheCountsAreMirroredLocally() {
        FallbackState a = node("node-a", true);
        FallbackState b = node("node-b", true);
        live(a, b);
        assertThat(a.status()).isEqualTo("REDIS");
        assertThat(a.shares().nodes()).containsExactly("node-a", "node-b");

        assertThat(now(a.allocations().allocateAsync(T0, "a|1", 2, later(), clock.instant()))).isTrue();
        assertThat(now(b.allocations().allocateAsync(T0, "b|1", 2, later(), clock.instant()))).isTrue();
        assertThat(now(a.allocations().allocateAsync(T0, "a|2", 2, later(), clock.instant()))).as("shared cap 2").isFalse();
        assertThat(redis.holders(T0)).containsExactly("a|1", "b|1");
    }

    @Test
    void aFailedCallSwitchesToTheLocalShareForThatVeryDecisionAndANodeWithOneCallOnAT0RefusesTheNext() {
        FallbackState a = node("node-a", true);
        FallbackState b = node("node-b", true);
        live(a, b);
        now(a.allocations().allocateAsync(T0, "a|1", 2, later(), clock.instant())); // node A carries one call

        redis.down = true;
        int asked = redis.calls.get();
        // A: share 1 of 2, already one call of its own: refused, answered locally at once
        assertThat(now(a.allocations().allocateAsync(T0, "a|2", 2, later(), clock.instant()))).isFalse();
        assertThat(a.status()).isEqualTo("LOCAL_FALLBACK");
        // B: share 1, none of its own yet: one allowed, the next refused
        assertThat(now(b.allocations().allocateAsync(T0, "b|1", 2, later(), clock.instant()))).isTrue();
        assertThat(now(b.allocations().allocateAsync(T0, "b|2", 2, later(), clock.instant()))).isFalse();
        int afterSwitch = redis.calls.get();
        assertThat(afterSwitch - asked).as("one failed remote call per node, then none").isEqualTo(2);
        // emergency calls are counted and never refused
        now(a.allocations().forceAllocateAsync(T0, "a|112", later(), clock.instant()));
        assertThat(a.allocations().inUse(T0, clock.instant())).isEqualTo(2);
        // a hang-up frees the local slot: A allows one again
        now(a.allocations().releaseHolderAsync("a|1", "trunk:"));
        now(a.allocations().releaseAsync(T0, "a|112"));
        assertThat(now(a.allocations().allocateAsync(T0, "a|3", 2, later(), clock.instant()))).isTrue();
        assertThat(redis.calls.get()).isEqualTo(afterSwitch);

        assertThat(warnings()).as("one WARN per node, not one per decision").hasSize(2);
    }

    @Test
    void stayOnTheFallbackUntilAProbeSucceedsThenWriteTheLocalCallsBackAndCountInRedisAgain() {
        FallbackState a = node("node-a", true);
        now(a.probe());
        redis.down = true;
        now(a.probe());
        assertThat(a.inFallback()).as("a failed probe is enough").isTrue();
        assertThat(now(a.allocations().allocateAsync(T0, "a|1", 2, later(), clock.instant()))).isTrue();
        now(a.allocations().forceAllocateAsync(T0, "a|112", later(), clock.instant()));

        redis.down = false;
        redis.flush(); // restarted empty
        int asked = redis.calls.get();
        assertThat(now(a.allocations().allocateAsync(T0, "a|2", 2, later(), clock.instant()))).isFalse();
        assertThat(redis.calls.get()).as("Redis answers, but no probe said so yet: still local").isEqualTo(asked);

        clock.advance(Duration.ofSeconds(1));
        now(a.probe());
        assertThat(a.status()).isEqualTo("REDIS");
        assertThat(redis.holders(T0)).as("written back").containsExactlyInAnyOrder("a|1", "a|112");
        assertThat(redis.allocations.holders(T0, clock.instant())).filteredOn(x -> x.holder().equals("a|112"))
                .singleElement().extracting(Allocation::forced).isEqualTo(true);
        assertThat(now(a.allocations().allocateAsync(T0, "a|2", 3, later(), clock.instant()))).isTrue();
        assertThat(redis.holders(T0)).contains("a|2");
        assertThat(infos()).singleElement().asString().contains("answers again");
    }

    @Test
    void aWriteBackThatFailsLeavesTheNodeOnItsLocalCounts() {
        FallbackState a = node("node-a", true);
        redis.down = true;
        now(a.allocations().allocateAsync(T0, "a|1", 2, later(), clock.instant()));
        redis.heartbeatOnly = true; // the probe passes, the write-back does not
        redis.down = false;
        now(a.probe());
        assertThat(a.inFallback()).isTrue();
        redis.heartbeatOnly = false;
        now(a.probe());
        assertThat(a.inFallback()).isFalse();
    }

    @Test
    void theSmsWindowsAreSharedTheSameWay() {
        FallbackState a = node("node-a", true);
        FallbackState b = node("node-b", true);
        live(a, b);
        redis.down = true;
        // 1/s: node-a (rank 0) takes it, node-b's share is 0: refused, its room said to come after the period
        WindowCheck first = now(a.slidingWindows().tryRecordAsync("sms:acme", SMS, clock.instant()));
        assertThat(first.recorded()).isTrue();
        assertThat(now(a.slidingWindows().tryRecordAsync("sms:acme", SMS, clock.instant())).recorded()).isFalse();
        WindowCheck refused = now(b.slidingWindows().tryRecordAsync("sms:acme", SMS, clock.instant()));
        assertThat(refused.recorded()).isFalse();
        assertThat(refused.refusingIndex()).isZero();
        // 10/min: 5 for node-a
        int accepted = 1;
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(2));
            if (now(a.slidingWindows().tryRecordAsync("sms:acme", SMS, clock.instant())).recorded()) accepted++;
        }
        assertThat(accepted).isEqualTo(5);
    }

    @Test
    void theLocalWindowsStartFromThisNodesEventsCountedInRedis() {
        FallbackState a = node("node-a", true);
        now(a.probe());
        assertThat(now(a.slidingWindows().tryRecordAsync("sms:acme", SMS, clock.instant())).recorded()).isTrue();
        redis.down = true;
        assertThat(now(a.slidingWindows().tryRecordAsync("sms:acme", SMS, clock.instant())).recorded())
                .as("the SMS of this second is known locally").isFalse();
    }

    @Test
    void withoutTheFallbackTheRemoteBackendIsUsedAsItIsAndTheProbeOnlyReports() {
        FallbackState a = node("node-a", false);
        assertThat(a.allocations()).isSameAs(redis.allocations);
        assertThat(a.slidingWindows()).isSameAs(redis.windows);
        now(a.probe());
        assertThat(a.status()).isEqualTo("REDIS");
        redis.down = true;
        now(a.probe());
        assertThat(a.status()).isEqualTo("REDIS_DOWN");
        redis.down = false;
        now(a.probe());
        assertThat(a.status()).isEqualTo("REDIS");
    }

    @Test
    void aCallRefusedForItsArgumentsIsNotAnOutage() {
        FallbackState a = node("node-a", true);
        CompletableFuture<Boolean> bad = a.allocations().allocateAsync(T0, " ", 2, later(), clock.instant()).toCompletableFuture();
        assertThat(bad).isCompletedExceptionally();
        assertThat(a.inFallback()).isFalse();
        assertThatThrownBy(() -> a.allocations().allocate(T0, "a|1", 2, clock.instant(), clock.instant()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(a.inFallback()).isFalse();
    }

    @Test
    void theBlockingCallsOfTheReconciliationSwitchToo() {
        FallbackState a = node("node-a", true);
        now(a.allocations().allocateAsync(T0, "a|1", 2, later(), clock.instant()));
        redis.down = true;
        assertThat(a.allocations().holders(T0, clock.instant())).extracting(Allocation::holder).containsExactly("a|1");
        assertThat(a.inFallback()).isTrue();
        assertThat(a.allocations().resources()).containsExactly(T0);
        assertThat(a.allocations().release(T0, "a|1")).isTrue();
        assertThat(a.allocations().inUse(T0, clock.instant())).isZero();
    }

    private List<ILoggingEvent> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    }

    private List<String> infos() {
        return log.list.stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Redis as the fallback sees it: shared maps, every call failing while {@link #down}, each call counted. */
    private static final class Remote {
        final MutableClock clock;
        InMemoryAllocations store;
        InMemorySlidingWindows windowStore = new InMemorySlidingWindows();
        final java.util.TreeMap<String, Instant> nodes = new java.util.TreeMap<>();
        volatile boolean down;
        volatile boolean heartbeatOnly;
        final AtomicInteger calls = new AtomicInteger();

        Remote(MutableClock clock) {
            this.clock = clock;
            this.store = new InMemoryAllocations(clock);
        }

        void flush() {
            store = new InMemoryAllocations(clock);
            windowStore = new InMemorySlidingWindows();
        }

        List<String> holders(String resource) {
            return store.holders(resource, clock.instant()).stream().map(Allocation::holder).toList();
        }

        CompletionStage<List<String>> heartbeat(String id, Instant now) {
            calls.incrementAndGet();
            if (down) return CompletableFuture.failedFuture(new IllegalStateException("Redis did not answer within 100 ms"));
            nodes.put(id, now.plusSeconds(30));
            return CompletableFuture.completedFuture(List.copyOf(nodes.navigableKeySet()));
        }

        private <T> T call(java.util.function.Supplier<T> op) {
            calls.incrementAndGet();
            if (down || heartbeatOnly) throw new IllegalStateException("Redis did not answer within 100 ms");
            return op.get();
        }

        private <T> CompletionStage<T> async(java.util.function.Supplier<T> op) {
            try {
                return CompletableFuture.completedFuture(call(op));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        final Allocations allocations = new Allocations() {
            @Override
            public boolean allocate(String r, String h, int limit, Instant exp, Instant now) {
                if (h.isBlank() || !exp.isAfter(now)) throw new IllegalArgumentException("bad arguments");
                return call(() -> store.allocate(r, h, limit, exp, now));
            }

            @Override
            public CompletionStage<Boolean> allocateAsync(String r, String h, int limit, Instant exp, Instant now) {
                if (h.isBlank()) return CompletableFuture.failedFuture(new IllegalArgumentException("holder is required"));
                return async(() -> store.allocate(r, h, limit, exp, now));
            }

            @Override
            public CompletionStage<Void> forceAllocateAsync(String r, String h, Instant exp, Instant now) {
                return async(() -> {
                    store.forceAllocate(r, h, exp, now);
                    return null;
                });
            }

            @Override
            public CompletionStage<Boolean> releaseAsync(String r, String h) { return async(() -> store.release(r, h)); }

            @Override
            public CompletionStage<Integer> releaseHolderAsync(String h, String prefix) {
                return async(() -> store.releaseHolder(h, prefix));
            }

            @Override public void forceAllocate(String r, String h, Instant exp) { forceAllocate(r, h, exp, clock.instant()); }

            @Override
            public void forceAllocate(String r, String h, Instant exp, Instant now) {
                call(() -> {
                    store.forceAllocate(r, h, exp, now);
                    return null;
                });
            }

            @Override public boolean release(String r, String h) { return call(() -> store.release(r, h)); }
            @Override public int releaseHolder(String h) { return call(() -> store.releaseHolder(h)); }
            @Override public int releaseHolder(String h, String p) { return call(() -> store.releaseHolder(h, p)); }
            @Override public int releaseResource(String r) { return call(() -> store.releaseResource(r)); }
            @Override public int inUse(String r, Instant now) { return call(() -> store.inUse(r, now)); }
            @Override public List<Allocation> holders(String r, Instant now) { return call(() -> store.holders(r, now)); }
            @Override public int expire(Instant now) { return call(() -> store.expire(now)); }
            @Override public Set<String> resources() { return call(() -> store.resources()); }
        };

        final SlidingWindows windows = new SlidingWindows() {
            @Override
            public WindowCheck tryRecord(String key, List<SlidingWindow> w, Instant now) {
                return call(() -> windowStore.tryRecord(key, w, now));
            }

            @Override
            public CompletionStage<WindowCheck> tryRecordAsync(String key, List<SlidingWindow> w, Instant now) {
                return async(() -> windowStore.tryRecord(key, w, now));
            }

            @Override public boolean remove(String key, Instant at) { return call(() -> windowStore.remove(key, at)); }
            @Override public int expire(Instant now) { return call(() -> windowStore.expire(now)); }
            @Override public int tracked(String prefix) { return call(() -> windowStore.tracked(prefix)); }
        };
    }
}
