package io.callguard.core.state;

import io.callguard.core.limits.Allocation;
import io.callguard.core.limits.Allocations;
import io.callguard.core.limits.InMemoryAllocations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A shared (remote) state backend with this node's own counts beside it, to decide alone while the shared one is
 * unreachable ({@code state.redis.fallback: local}, docs/state.md "Redis down, slow or restarted").
 *
 * <ul>
 *   <li><b>Shared</b> (normal): every call goes to the remote backend; what it grants, records, releases or expires
 *       is mirrored in this JVM's {@link InMemoryAllocations} and {@link InMemorySlidingWindows} (this node's holders
 *       and events only: the remote backend below a node-scoped view carries nothing else from this node), so that
 *       the local counts always start from the calls this node already carries.</li>
 *   <li><b>Fallback</b>: entered when a remote call fails or times out (that call is answered locally at once, within
 *       the command timeout: never a hang) or when a {@link #probe} fails. Every call is then answered by the local
 *       counts, each limit cut to this node's share among the live nodes last seen ({@link NodeShares}); the remote
 *       backend is not asked at all. A WARN line says so once.</li>
 *   <li><b>Back</b>: the {@link #probe} (run every {@code state.redis.probeInterval} by the app; one bounded round
 *       trip that renews this node's membership and returns the live nodes) decides when: once it succeeds, this
 *       node's local allocations are written back into the remote backend (forced ones forced, the others without a
 *       limit: a restarted or flushed Redis counts this node's calls again at once), then the calls go to the remote
 *       backend again; an INFO line says so once. A failed write-back leaves the node in fallback until the next
 *       probe. Only a probe ends a fallback, so a flapping Redis costs at most one switch per probe interval.</li>
 * </ul>
 * Without the fallback ({@code none}) the parts are not used: the probe only keeps the membership and the
 * {@link #status} (the policies' {@code onStateFailure} answers decisions when Redis fails).
 *
 * <p>Not in fallback: idempotency keys and credit reservations (they keep their own failure modes), the SMS windows'
 * events recorded locally during an outage (not written back: for one window after the recovery an account may get
 * up to its share more). Thread-safe; nothing here blocks except the sync variants of the remote backend.
 */
public final class FallbackState {
    /** Renews this node in the shared membership at {@code now} and returns the live nodes' ids (one bounded round trip). */
    @FunctionalInterface
    public interface Membership {
        CompletionStage<List<String>> heartbeat(Instant now);
    }

    private static final Logger LOG = LoggerFactory.getLogger(FallbackState.class);
    /** Allocations written back to the remote backend at once after an outage. */
    static final int WRITE_BACK_BATCH = 32;

    private final Allocations remote;
    private final SlidingWindows remoteWindows;
    private final InMemoryAllocations local;
    private final InMemorySlidingWindows localWindows = new InMemorySlidingWindows();
    private final boolean fallback;
    private final Membership membership;
    private final Clock clock;
    private final String self;
    private final Allocations allocations = new FallbackAllocations();
    private final SlidingWindows windows = new FallbackWindows();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean probing = new AtomicBoolean();
    /** Set on stop: a probe still in flight then changes nothing (the connections are closing). */
    private volatile boolean closed;
    private volatile NodeShares shares;

    /**
     * @param remote     the shared backend's allocations and windows (below the node-scoped view: this node's
     *                   holders arrive already named as stored)
     * @param fallback   whether to count locally while the remote backend is unreachable ({@code local}) or only to
     *                   report it ({@code none})
     * @param membership the heartbeat and probe
     * @param self       this node's id
     */
    public FallbackState(Allocations remote, SlidingWindows remoteWindows, boolean fallback, Membership membership,
                         String self, Clock clock) {
        this.remote = Objects.requireNonNull(remote, "remote");
        this.remoteWindows = Objects.requireNonNull(remoteWindows, "remoteWindows");
        this.fallback = fallback;
        this.membership = Objects.requireNonNull(membership, "membership");
        this.self = Objects.requireNonNull(self, "self");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.local = new InMemoryAllocations(clock);
        this.shares = NodeShares.alone(self);
    }

    /** The allocations to use: the remote ones, or this node's share of them while the remote backend is down. */
    public Allocations allocations() { return fallback ? allocations : remote; }

    /** The sliding windows to use (as {@link #allocations}). */
    public SlidingWindows slidingWindows() { return fallback ? windows : remoteWindows; }

    /** Whether the remote backend is taken as down (the last call or probe failed, no probe succeeded since). */
    public boolean remoteDown() { return down.get(); }

    /** Whether decisions are counted locally now. */
    public boolean inFallback() { return fallback && down.get(); }

    /** The live nodes last seen and this node's place among them. */
    public NodeShares shares() { return shares; }

    /**
     * What {@code /ready} shows: {@code REDIS} (shared counting), {@code LOCAL_FALLBACK} (Redis down, counting this
     * node's share locally) or {@code REDIS_DOWN} (Redis down, no fallback: the policies' failure modes answer).
     */
    public String status() {
        if (!down.get()) return "REDIS";
        return fallback ? "LOCAL_FALLBACK" : "REDIS_DOWN";
    }

    /**
     * One heartbeat: renews this node's membership and reads the live nodes; after an outage, writes this node's
     * local allocations back and returns to the remote backend. A probe still running makes this one a no-op. The
     * returned stage never fails.
     */
    public CompletionStage<Void> probe() {
        if (closed || !probing.compareAndSet(false, true)) return CompletableFuture.completedFuture(null);
        Instant now = clock.instant();
        CompletionStage<List<String>> beat;
        try {
            beat = membership.heartbeat(now);
        } catch (RuntimeException e) {
            beat = CompletableFuture.failedFuture(e);
        }
        return beat.thenCompose(ids -> {
            shares = new NodeShares(ids, self);
            if (!down.get()) return CompletableFuture.completedFuture(null);
            return (fallback ? writeBack(now) : CompletableFuture.<Void>completedFuture(null)).thenRun(this::leave);
        }).handle((v, e) -> {
            if (e != null) enter(e);
            probing.set(false);
            return (Void) null;
        });
    }

    /** The node stops: no more probes, and no switch (a call failing as the connections close is no outage). */
    public void close() { closed = true; }

    private void enter(Throwable error) {
        if (closed || !down.compareAndSet(false, true)) return;
        NodeShares s = shares;
        if (fallback) {
            local.expire(clock.instant());
            LOG.warn("state backend unreachable ({}): counting locally until a probe succeeds, each shared limit cut to "
                            + "this node's share: {} live node(s) {}, this node '{}' at rank {}",
                    StateCalls.unwrap(error).toString(), s.count(), s.nodes(), self, s.rank());
        } else {
            LOG.warn("state backend unreachable ({}): the policies' onStateFailure answers until a probe succeeds",
                    StateCalls.unwrap(error).toString());
        }
    }

    private void leave() {
        if (down.compareAndSet(true, false)) {
            LOG.info("state backend answers again: counting in it again{}", fallback
                    ? " (this node's calls written back; the reconciliation adopts any other live call)" : "");
        }
    }

    /** This node's live allocations written into the remote backend, {@value #WRITE_BACK_BATCH} at a time. */
    private CompletionStage<Void> writeBack(Instant now) {
        local.expire(now);
        List<Allocation> all = new ArrayList<>();
        for (String r : local.resources()) all.addAll(local.holders(r, now));
        return writeBack(all, 0, now);
    }

    private CompletionStage<Void> writeBack(List<Allocation> all, int from, Instant now) {
        if (from >= all.size()) return CompletableFuture.completedFuture(null);
        int to = Math.min(all.size(), from + WRITE_BACK_BATCH);
        List<CompletableFuture<?>> batch = new ArrayList<>();
        for (Allocation a : all.subList(from, to)) {
            CompletionStage<?> s = a.forced()
                    ? remote.forceAllocateAsync(a.resource(), a.holder(), a.expiresAt(), now)
                    : remote.allocateAsync(a.resource(), a.holder(), Integer.MAX_VALUE, a.expiresAt(), now);
            batch.add(s.toCompletableFuture());
        }
        return CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).thenCompose(v -> writeBack(all, to, now));
    }

    /** A failure that says the backend is unreachable or slow, not that the call was wrong. */
    private static boolean outage(Throwable e) {
        Throwable t = StateCalls.unwrap(e);
        return !(t instanceof IllegalArgumentException || t instanceof NullPointerException);
    }

    /**
     * {@code remoteCall}'s result with {@code mirror} applied to this node's counts, or, when it fails as an outage,
     * the fallback entered and {@code localCall}'s result.
     */
    private <T> CompletionStage<T> shared(Supplier<CompletionStage<T>> remoteCall, java.util.function.Consumer<T> mirror,
                                          Supplier<T> localCall) {
        if (down.get()) return answer(localCall);
        CompletionStage<T> stage;
        try {
            stage = remoteCall.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((v, e) -> {
            if (e == null) {
                mirrorSafely(mirror, v);
                return CompletableFuture.completedFuture(v);
            }
            if (!outage(e)) return CompletableFuture.<T>failedFuture(StateCalls.unwrap(e));
            enter(e);
            return answer(localCall).toCompletableFuture();
        }).thenCompose(s -> s);
    }

    private static <T> CompletionStage<T> answer(Supplier<T> localCall) {
        try {
            return CompletableFuture.completedFuture(localCall.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The blocking variant of {@link #shared}. */
    private <T> T sharedSync(Supplier<T> remoteCall, java.util.function.Consumer<T> mirror, Supplier<T> localCall) {
        if (down.get()) return localCall.get();
        T v;
        try {
            v = remoteCall.get();
        } catch (RuntimeException e) {
            if (!outage(e)) throw e;
            enter(e);
            return localCall.get();
        }
        mirrorSafely(mirror, v);
        return v;
    }

    /** The local copy never fails the remote call it follows (the reconciliation repairs a copy that went wrong). */
    private static <T> void mirrorSafely(java.util.function.Consumer<T> mirror, T v) {
        try {
            mirror.accept(v);
        } catch (RuntimeException e) {
            LOG.debug("local copy of a state call failed: {}", e.toString());
        }
    }

    private static <T> java.util.function.Consumer<T> none() { return v -> { }; }

    /** The allocations: remote, mirrored; this node's share of each limit, locally, in fallback. */
    private final class FallbackAllocations implements Allocations {
        private boolean localAllocate(String resource, String holder, int limit, Instant expiresAt, Instant now) {
            return local.allocate(resource, holder, shares.of(limit), expiresAt, now);
        }

        /** A grant of the remote backend, recorded here without a limit (a forced one becomes ordinary, as there). */
        private void mirrorGrant(boolean granted, String resource, String holder, Instant expiresAt, Instant now) {
            if (granted && expiresAt.isAfter(now)) local.allocate(resource, holder, Integer.MAX_VALUE, expiresAt, now);
        }

        @Override
        public boolean allocate(String resource, String holder, int limit, Instant expiresAt, Instant now) {
            return sharedSync(() -> remote.allocate(resource, holder, limit, expiresAt, now),
                    ok -> mirrorGrant(ok, resource, holder, expiresAt, now),
                    () -> localAllocate(resource, holder, limit, expiresAt, now));
        }

        @Override
        public CompletionStage<Boolean> allocateAsync(String resource, String holder, int limit, Instant expiresAt,
                                                      Instant now) {
            return shared(() -> remote.allocateAsync(resource, holder, limit, expiresAt, now),
                    ok -> mirrorGrant(ok, resource, holder, expiresAt, now),
                    () -> localAllocate(resource, holder, limit, expiresAt, now));
        }

        @Override
        public CompletionStage<Boolean> releaseAsync(String resource, String holder) {
            return shared(() -> remote.releaseAsync(resource, holder), ok -> local.release(resource, holder),
                    () -> local.release(resource, holder));
        }

        @Override
        public CompletionStage<Void> forceAllocateAsync(String resource, String holder, Instant expiresAt, Instant now) {
            return shared(() -> remote.forceAllocateAsync(resource, holder, expiresAt, now),
                    v -> local.forceAllocate(resource, holder, expiresAt, now),
                    () -> {
                        local.forceAllocate(resource, holder, expiresAt, now);
                        return null;
                    });
        }

        @Override
        public CompletionStage<Integer> releaseHolderAsync(String holder, String resourcePrefix) {
            return shared(() -> remote.releaseHolderAsync(holder, resourcePrefix),
                    n -> local.releaseHolder(holder, resourcePrefix), () -> local.releaseHolder(holder, resourcePrefix));
        }

        @Override
        public void forceAllocate(String resource, String holder, Instant expiresAt) {
            forceAllocate(resource, holder, expiresAt, clock.instant());
        }

        @Override
        public void forceAllocate(String resource, String holder, Instant expiresAt, Instant now) {
            sharedSync(() -> {
                remote.forceAllocate(resource, holder, expiresAt, now);
                return null;
            }, v -> local.forceAllocate(resource, holder, expiresAt, now), () -> {
                local.forceAllocate(resource, holder, expiresAt, now);
                return null;
            });
        }

        @Override
        public boolean release(String resource, String holder) {
            return sharedSync(() -> remote.release(resource, holder), ok -> local.release(resource, holder),
                    () -> local.release(resource, holder));
        }

        @Override
        public int releaseHolder(String holder) { return releaseHolder(holder, ""); }

        @Override
        public int releaseHolder(String holder, String resourcePrefix) {
            return sharedSync(() -> remote.releaseHolder(holder, resourcePrefix),
                    n -> local.releaseHolder(holder, resourcePrefix), () -> local.releaseHolder(holder, resourcePrefix));
        }

        @Override
        public int releaseResource(String resource) {
            return sharedSync(() -> remote.releaseResource(resource), n -> local.releaseResource(resource),
                    () -> local.releaseResource(resource));
        }

        /** Every node's holders when shared; this node's only in fallback. */
        @Override
        public int inUse(String resource, Instant now) {
            return sharedSync(() -> remote.inUse(resource, now), none(), () -> local.inUse(resource, now));
        }

        @Override
        public List<Allocation> holders(String resource, Instant now) {
            return sharedSync(() -> remote.holders(resource, now), none(), () -> local.holders(resource, now));
        }

        @Override
        public int expire(Instant now) {
            return sharedSync(() -> remote.expire(now), n -> local.expire(now), () -> local.expire(now));
        }

        @Override
        public java.util.Set<String> resources() {
            return sharedSync(remote::resources, none(), local::resources);
        }
    }

    /** The sliding windows: remote, mirrored; this node's share of each window's limit, locally, in fallback. */
    private final class FallbackWindows implements SlidingWindows {
        private WindowCheck localRecord(String key, List<SlidingWindow> windows, Instant now) {
            NodeShares s = shares;
            List<SlidingWindow> mine = new ArrayList<>(windows.size());
            boolean none = false;
            for (SlidingWindow w : windows) {
                int share = s.of(w.limit());
                if (share < 1) none = true;
                else mine.add(new SlidingWindow(w.name(), share, w.period()));
            }
            if (!none) return localWindows.tryRecord(key, mine, now);
            // a share of 0: this node takes none of these events until the shared count is back
            List<Instant> roomAt = new ArrayList<>(windows.size());
            for (SlidingWindow w : windows) roomAt.add(s.of(w.limit()) < 1 ? now.plus(w.period()) : now);
            return new WindowCheck(false, now, roomAt);
        }

        private void mirror(WindowCheck check, String key, List<SlidingWindow> windows) {
            if (check.recorded()) localWindows.tryRecord(key, windows, check.at());
        }

        @Override
        public WindowCheck tryRecord(String key, List<SlidingWindow> windows, Instant now) {
            return sharedSync(() -> remoteWindows.tryRecord(key, windows, now), c -> mirror(c, key, windows),
                    () -> localRecord(key, windows, now));
        }

        @Override
        public CompletionStage<WindowCheck> tryRecordAsync(String key, List<SlidingWindow> windows, Instant now) {
            return shared(() -> remoteWindows.tryRecordAsync(key, windows, now), c -> mirror(c, key, windows),
                    () -> localRecord(key, windows, now));
        }

        @Override
        public boolean remove(String key, Instant at) {
            return sharedSync(() -> remoteWindows.remove(key, at), ok -> localWindows.remove(key, at),
                    () -> localWindows.remove(key, at));
        }

        @Override
        public int expire(Instant now) {
            return sharedSync(() -> remoteWindows.expire(now), n -> localWindows.expire(now), () -> localWindows.expire(now));
        }

        @Override
        public int tracked(String prefix) {
            return sharedSync(() -> remoteWindows.tracked(prefix), none(), () -> localWindows.tracked(prefix));
        }
    }
}
