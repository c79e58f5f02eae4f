package io.callguard.asterisk.fastagi;

import org.slf4j.Logger;

/**
 * WARN lines caused by peers, at most {@code perWindow} per window; the next line after a quiet spell says how
 * many were left out. A flood of bad sessions therefore costs a few lines a minute, not the disk.
 */
final class RateLimitedLog {
    private final Logger log;
    private final int perWindow;
    private final long windowNanos;
    private long windowStart = System.nanoTime();
    private int usedInWindow;
    private long suppressed;

    RateLimitedLog(Logger log, int perWindow, long windowMillis) {
        this.log = log;
        this.perWindow = perWindow;
        this.windowNanos = windowMillis * 1_000_000L;
    }

    void warn(String format, Object... args) {
        if (!log.isWarnEnabled()) return;
        long left;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - windowStart >= windowNanos) {
                windowStart = now;
                usedInWindow = 0;
            }
            if (usedInWindow >= perWindow) {
                suppressed++;
                return;
            }
            usedInWindow++;
            left = suppressed;
            suppressed = 0;
        }
        if (left > 0) log.warn("({} similar warnings left out)", left);
        log.warn(format, args);
    }
}
