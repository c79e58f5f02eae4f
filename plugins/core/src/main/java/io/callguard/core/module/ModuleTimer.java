package io.callguard.core.module;

import java.time.Duration;
import java.util.Objects;

/**
 * Periodic work of a module, run by the scheduler the app provides (the first run one period after the start).
 *
 * @param name     names the timer in logs, e.g. {@code caps-reconcile}
 * @param period   time between two runs, positive
 * @param blocking true when the task may block (store, files): the app then runs it off its event threads
 * @param task     the work; a failure is logged by the app and does not cancel the next runs; a run that is due while
 *                 the previous run of the same timer still works is skipped (runs never overlap)
 */
public record ModuleTimer(String name, Duration period, boolean blocking, Runnable task) {
    public ModuleTimer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(task, "task");
        if (period.isNegative() || period.isZero()) throw new IllegalArgumentException(name + ": period must be positive, got " + period);
    }

    /** A quick task that does not block. */
    public static ModuleTimer every(String name, Duration period, Runnable task) {
        return new ModuleTimer(name, period, false, task);
    }
}
