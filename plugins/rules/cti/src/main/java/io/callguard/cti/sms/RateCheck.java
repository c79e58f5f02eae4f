package io.callguard.cti.sms;

import io.callguard.core.state.SlidingWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Outcome of {@link SmsRateLimiter#tryAcquire}.
 *
 * @param granted   true when the SMS was counted in every window
 * @param at        the instant counted (to give it back with {@link SmsRateLimiter#release}); the check's instant
 *                  when refused
 * @param window    the window that refused (the one with the longest wait when several do), null when granted
 * @param waitTime  exact time until this window lets one SMS through, zero when granted
 */
public record RateCheck(boolean granted, Instant at, SlidingWindow window, Duration waitTime) {
    public RateCheck {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(waitTime, "waitTime");
        if (granted != (window == null)) throw new IllegalArgumentException("a refusal names its window, a grant none");
    }

    /** The wait in whole seconds rounded up, for {@code Retry-After}: at least 1 when refused. */
    public long retryAfterSeconds() {
        if (granted) return 0;
        long s = waitTime.getSeconds() + (waitTime.getNano() > 0 ? 1 : 0);
        return Math.max(1, s);
    }
}
