package io.callguard.cti;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Runs a task once after a delay: SMS retries and status-callback retries; as an {@link Executor}, runs one now (the
 * SIP sender's completions, which write to the database: never on a SIP stack thread). The server backs it with Vert.x timers
 * (running the task on a worker: tasks may write to the database); tests use a manual scheduler driven by a
 * {@link io.callguard.core.time.MutableClock}. Nothing in this module sleeps.
 */
@FunctionalInterface
public interface TaskScheduler extends Executor {
    /** Schedules {@code task} to run once, {@code delay} from now; the handle cancels it. */
    Cancellable schedule(Duration delay, Runnable task);

    /**
     * Runs {@code task} as soon as possible, off the caller's thread.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the scheduler is closed
     */
    @Override
    default void execute(Runnable task) { schedule(Duration.ZERO, task); }

    /** A scheduled task that may still be called off. */
    @FunctionalInterface
    interface Cancellable {
        /** @return true if the task will not run because of this call */
        boolean cancel();
    }
}
