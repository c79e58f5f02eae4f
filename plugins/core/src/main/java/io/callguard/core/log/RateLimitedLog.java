package io.callguard.core.log;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Log lines of one kind, at most {@code perWindow} per window; the others are only counted. The first line of each
 * later window is preceded by a summary saying how many were left out since the last line written and how many
 * there were in all, so a flood (bad peers, a full trunk under load) costs a few lines a window, not the disk,
 * and still shows its size. Thread-safe: the window is kept under a short lock, the lines are written outside it.
 */
public final class RateLimitedLog {
    /** Summary of a {@link #warn} flood: left out since the last line, then all since start. */
    public static final String DEFAULT_SUMMARY = "({} similar lines left out; {} in all)";

    private final Logger log;
    private final int perWindow;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final String summary;
    private long windowStart;
    private int usedInWindow;
    private long suppressed;
    private long total;

    /** A window measured on {@link System#nanoTime()}, with the {@link #DEFAULT_SUMMARY}. */
    public RateLimitedLog(Logger log, int perWindow, long windowMillis) {
        this(log, perWindow, Duration.ofMillis(windowMillis), System::nanoTime, DEFAULT_SUMMARY);
    }

    /**
     * @param nanoTime a monotonic time in nanoseconds (a test's ticker)
     * @param summary  the summary line's format, with two {@code {}}: lines left out since the last one written, and
     *                 calls in all since start
     */
    public RateLimitedLog(Logger log, int perWindow, Duration window, LongSupplier nanoTime, String summary) {
        this.log = Objects.requireNonNull(log, "log");
        if (perWindow < 1) throw new IllegalArgumentException("perWindow must be at least 1: " + perWindow);
        if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be positive: " + window);
        this.perWindow = perWindow;
        this.windowNanos = window.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.summary = Objects.requireNonNull(summary, "summary");
        this.windowStart = nanoTime.getAsLong();
    }

    /** A window measured on {@code clock} (a policy's clock: the test's manual clock moves it). */
    public static RateLimitedLog onClock(Logger log, int perWindow, Duration window, Clock clock, String summary) {
        Objects.requireNonNull(clock, "clock");
        return new RateLimitedLog(log, perWindow, window, () -> clock.millis() * 1_000_000L, summary);
    }

    public void warn(String format, Object... args) {
        if (!log.isWarnEnabled()) {
            count();
            return;
        }
        long[] left = admit();
        if (left == null) return;
        if (left[0] > 0) log.warn(summary, left[0], left[1]);
        log.warn(format, args);
    }

    public void info(String format, Object... args) {
        if (!log.isInfoEnabled()) {
            count();
            return;
        }
        long[] left = admit();
        if (left == null) return;
        if (left[0] > 0) log.info(summary, left[0], left[1]);
        log.info(format, args);
    }

    /** Lines asked for since start, written or left out. */
    public synchronized long total() { return total; }

    private synchronized void count() { total++; }

    /** Null when this line is left out; else {lines left out before it, total}, the left-out count reset. */
    private synchronized long[] admit() {
        total++;
        long now = nanoTime.getAsLong();
        // a clock that went back (wall-clock correction) starts a new window rather than silencing the log
        if (now - windowStart >= windowNanos || now < windowStart) {
            windowStart = now;
            usedInWindow = 0;
        }
        if (usedInWindow >= perWindow) {
            suppressed++;
            return null;
        }
        usedInWindow++;
        long left = suppressed;
        suppressed = 0;
        return new long[] {left, total};
    }
}
