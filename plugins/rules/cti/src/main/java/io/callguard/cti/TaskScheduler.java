package io.callguard.cti;

import java.time.Duration;

/**
 * Runs a task once after a delay: SMS retries and status-callback retries. The server backs it with Vert.x timers
 * (running the task on a worker: tasks may write to the database); tests use a manual scheduler driven by a
 * {@link io.callguard.core.time.MutableClock}. Nothing in this module sleeps.
 */
@FunctionalInterface
public interface TaskScheduler {
    /** Schedules {@code task} to run once, {@code delay} from now; the handle cancels it. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that may still be called off. */
    @FunctionalInterface
    interface Cancellable {
        /** @return true if the task will not run because of this call */
        boolean cancel();
    }
}
