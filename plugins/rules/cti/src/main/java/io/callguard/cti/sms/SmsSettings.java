package io.callguard.cti.sms;

import io.callguard.core.state.SlidingWindow;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of SMS acceptance.
 *
 * @param windows           the rate windows per account (R8: 1/s and 10/min)
 * @param maxSegments       longest text accepted, in SMS segments
 * @param emergencyNumbers  recipients never limited nor refused for suspension (114: deaf and hard-of-hearing
 *                          callers reach emergency services by SMS)
 * @param idempotencyPeriod how long an Idempotency-Key returns the original SMS
 * @param article           the contract article named by a rate-limit refusal
 */
public record SmsSettings(List<SlidingWindow> windows, int maxSegments, Set<String> emergencyNumbers,
                          Duration idempotencyPeriod, String article) {
    public static final String R8_ARTICLE = "CP Téléphonie §1.5 (R8)";
    public static final Set<String> DEFAULT_EMERGENCY_NUMBERS = Set.of("114");
    public static final Duration DEFAULT_IDEMPOTENCY_PERIOD = Duration.ofHours(24);
    /** R8: at most 1 SMS per account in any second. */
    public static final SlidingWindow PER_SECOND = new SlidingWindow("1/s", 1, Duration.ofSeconds(1));
    /** R8: at most 10 SMS per account in any minute. */
    public static final SlidingWindow PER_MINUTE = new SlidingWindow("10/min", 10, Duration.ofMinutes(1));

    public SmsSettings {
        windows = List.copyOf(windows);
        if (windows.isEmpty()) throw new IllegalArgumentException("at least one rate window is required");
        if (maxSegments < 1) throw new IllegalArgumentException("maxSegments must be at least 1: " + maxSegments);
        emergencyNumbers = Set.copyOf(emergencyNumbers);
        Objects.requireNonNull(idempotencyPeriod, "idempotencyPeriod");
        if (idempotencyPeriod.isNegative() || idempotencyPeriod.isZero()) {
            throw new IllegalArgumentException("idempotencyPeriod must be positive");
        }
        Objects.requireNonNull(article, "article");
    }

    public static SmsSettings defaults() {
        return new SmsSettings(List.of(PER_SECOND, PER_MINUTE), SmsText.DEFAULT_MAX_SEGMENTS,
                DEFAULT_EMERGENCY_NUMBERS, DEFAULT_IDEMPOTENCY_PERIOD, R8_ARTICLE);
    }
}
