package io.callguard.http.cti;

import io.callguard.cti.TaskScheduler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

/**
 * SMS and status-callback retries on Vert.x timers, and SIP completions at once; the task itself runs on the CTI
 * worker pool ({@value #POOL_NAME}), since it may write to the database or send over SIP.
 */
public final class VertxTaskScheduler implements TaskScheduler {
    public static final String POOL_NAME = "callguard-cti";
    public static final int POOL_THREADS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(VertxTaskScheduler.class);

    private final Vertx vertx;
    private final WorkerExecutor worker;

    public VertxTaskScheduler(Vertx vertx, WorkerExecutor worker) {
        this.vertx = vertx;
        this.worker = worker;
    }

    @Override public Cancellable schedule(Duration delay, Runnable task) {
        long timer = vertx.setTimer(Math.max(1, delay.toMillis()), t -> worker.executeBlocking(() -> {
            task.run();
            return null;
        }, false).onFailure(e -> LOG.warn("scheduled CTI task failed: {}", e.toString())));
        return () -> vertx.cancelTimer(timer);
    }

    /** @throws RejectedExecutionException once the pool is closed (the SIP sender then drops the completion) */
    @Override public void execute(Runnable task) {
        try {
            worker.executeBlocking(() -> {
                task.run();
                return null;
            }, false);
        } catch (IllegalStateException closed) {
            throw new RejectedExecutionException(closed);
        }
    }
}
