package io.callguard.caps;

import io.callguard.core.state.StateCalls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link StateCalls.Timer} the test fires by hand: no wall-clock wait, no sleep. */
final class ManualTimer implements StateCalls.Timer {
    private final List<Runnable> due = new ArrayList<>();
    final List<Duration> delays = new ArrayList<>();

    @Override
    public synchronized void after(Duration delay, Runnable task) {
        delays.add(delay);
        due.add(task);
    }

    /** Runs every task armed so far (their delay has passed); returns how many. */
    int fire() {
        List<Runnable> now;
        synchronized (this) {
            now = new ArrayList<>(due);
            due.clear();
        }
        now.forEach(Runnable::run);
        return now.size();
    }

    synchronized int armed() { return due.size(); }
}
