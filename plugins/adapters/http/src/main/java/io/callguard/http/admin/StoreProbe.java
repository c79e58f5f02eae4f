package io.callguard.http.admin;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The store's last known state, for {@code /ready}: a {@code SELECT 1} every {@link #INTERVAL} on a thread of its own
 * (never the event loop, never the store pool that requests may have filled), so that {@code /ready} answers at
 * once from memory instead of waiting up to {@code store.connectionTimeout} for a store that is down. A probe
 * still unanswered after {@link #ANSWER_WITHIN} counts as DOWN already: a store that hangs is as unusable as one
 * that refuses.
 */
final class StoreProbe {
    private static final Logger LOG = LoggerFactory.getLogger(StoreProbe.class);
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);
    static final String POOL_NAME = "callguard-store-probe";

    private final Vertx vertx;
    private final StoreHealth store;
    private final LongSupplier nanoTime;
    /** The store answered the last finished probe (it had just been opened and loaded when this starts). */
    private volatile boolean lastUp = true;
    /** {@link System#nanoTime()} when the probe in flight started; 0 when none is. */
    private final AtomicLong inFlightSince = new AtomicLong();
    private WorkerExecutor executor;
    private long timer = -1;

    StoreProbe(Vertx vertx, StoreHealth store) {
        this(vertx, store, System::nanoTime);
    }

    StoreProbe(Vertx vertx, StoreHealth store, LongSupplier nanoTime) {
        this.vertx = vertx;
        this.store = store;
        this.nanoTime = nanoTime;
    }

    void start() {
        executor = vertx.createSharedWorkerExecutor(POOL_NAME, 1);
        timer = vertx.setPeriodic(INTERVAL.toMillis(), id -> probe());
    }

    void stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
        if (executor != null) executor.close();
    }

    /** UP when the last probe succeeded and the one in flight, if any, is not late. Never blocks. */
    boolean up() {
        long since = inFlightSince.get();
        if (since != 0 && nanoTime.getAsLong() - since > ANSWER_WITHIN.toNanos()) return false;
        return lastUp;
    }

    private void probe() {
        long now = nanoTime.getAsLong();
        // one probe at a time: a store that hangs holds one thread, not one per interval
        if (!inFlightSince.compareAndSet(0, now == 0 ? 1 : now)) return;
        executor.executeBlocking(store::isReachable, false).onComplete(ar -> {
            boolean up = ar.succeeded() && Boolean.TRUE.equals(ar.result());
            if (up != lastUp) {
                if (up) LOG.info("store reachable again");
                else LOG.warn("store unreachable: /ready answers 503 until it answers again");
            }
            lastUp = up;
            inFlightSince.set(0);
        });
    }
}
