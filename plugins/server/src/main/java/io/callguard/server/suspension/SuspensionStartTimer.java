package io.callguard.server.suspension;

import io.callguard.suspension.Suspension;
import io.callguard.suspension.SuspensionService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Every {@link #INTERVAL}, hands the scheduled suspensions whose start has come to
 * {@link SuspensionService#activateDue}: it audits {@code suspension.start} and, when asked, hangs up the live calls.
 * Calls are refused from {@code startsAt} on whatever this timer does (decisions compare the start with the clock);
 * the timer only does the rest, within about a second. The work (audit writes) runs on a worker, one run at a time:
 * a tick that finds the previous run still going is skipped.
 */
public final class SuspensionStartTimer {
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(SuspensionStartTimer.class);

    private final Vertx vertx;
    private final SuspensionService service;
    private final Clock clock;
    private final Function<Callable<List<Suspension>>, Future<List<Suspension>>> worker;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    /** @param worker runs blocking work off the event loop (the store worker pool) */
    public SuspensionStartTimer(Vertx vertx, SuspensionService service, Clock clock,
                                Function<Callable<List<Suspension>>, Future<List<Suspension>>> worker) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.worker = Objects.requireNonNull(worker, "worker");
    }

    public synchronized void start() {
        if (timer < 0) timer = vertx.setPeriodic(INTERVAL.toMillis(), id -> tick());
    }

    public synchronized void stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
        timer = -1;
    }

    private void tick() {
        // Not even pendingStarts() here: it takes the service's lock, which a write holds during database work.
        if (!running.compareAndSet(false, true)) return;
        Future<List<Suspension>> run;
        try {
            run = worker.apply(() -> service.activateDue(clock.instant()));
        } catch (RuntimeException e) {
            run = Future.failedFuture(e); // the worker pool is closed: the app is stopping
        }
        run.onComplete(ar -> {
            running.set(false);
            if (ar.failed()) LOG.warn("handling the starts of scheduled suspensions failed", ar.cause());
        });
    }
}
