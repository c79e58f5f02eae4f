package io.callguard.cti;

import io.callguard.core.time.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link TaskScheduler} that runs nothing until the test moves its clock and calls {@link #runDue()}. */
public final class ManualScheduler implements TaskScheduler {
    private final MutableClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private final LinkedBlockingQueue<Duration> scheduled = new LinkedBlockingQueue<>();

    private static final class Task {
        final Instant due;
        final Runnable run;
        boolean cancelled;

        Task(Instant due, Runnable run) {
            this.due = due;
            this.run = run;
        }
    }

    public ManualScheduler(MutableClock clock) { this.clock = clock; }

    @Override public Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(clock.instant().plus(delay), task);
        synchronized (this) {
            tasks.add(t);
        }
        scheduled.add(delay);
        return () -> {
            synchronized (this) {
                boolean was = !t.cancelled && tasks.contains(t);
                t.cancelled = true;
                tasks.remove(t);
                return was;
            }
        };
    }

    /** Waits (bounded) until something is scheduled and returns its delay. */
    public Duration awaitScheduled() throws InterruptedException {
        Duration d = scheduled.poll(10, TimeUnit.SECONDS);
        if (d == null) throw new AssertionError("nothing was scheduled within 10 s");
        return d;
    }

    /** Runs the tasks due at the clock's now (in due order); returns how many ran. */
    public int runDue() {
        int n = 0;
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.due.isAfter(clock.instant()))
                        .min(Comparator.comparing(t -> t.due)).orElse(null);
                if (next == null) return n;
                tasks.remove(next);
            }
            next.run.run();
            n++;
        }
    }

    /** Moves the clock by {@code by} and runs what became due. */
    public int advanceAndRun(Duration by) {
        clock.advance(by);
        return runDue();
    }

    public synchronized int pending() { return tasks.size(); }

    public synchronized Optional<Instant> nextDue() {
        return tasks.stream().map(t -> t.due).min(Comparator.naturalOrder());
    }
}
