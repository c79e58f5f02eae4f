package io.callguard.server.cti;

import io.callguard.cti.TaskScheduler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * SMS and status-callback retries on Vert.x timers; the task itself runs on the CTI worker pool, since it may write
 * to the database or send over SIP.
 */
final class VertxTaskScheduler implements TaskScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(VertxTaskScheduler.class);

    private final Vertx vertx;
    private final WorkerExecutor worker;

    VertxTaskScheduler(Vertx vertx, WorkerExecutor worker) {
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
}
