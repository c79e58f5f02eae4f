package io.callguard.cti.sms;

import java.time.Duration;

/** The answer to {@link SmsService#accept}: accepted (202) or one of the refusals. */
public sealed interface SmsAcceptance {

    /**
     * Stored and queued (HTTP 202 with {@code id}, {@code segments}, {@code encoding}).
     *
     * @param replay true when an earlier SMS with the same Idempotency-Key is returned instead of a new one
     */
    record Accepted(SmsMessage sms, boolean replay) implements SmsAcceptance {
        public String id() { return sms.id(); }

        public int segments() { return sms.segments(); }

        public SmsEncoding encoding() { return sms.encoding(); }
    }

    /**
     * Over a limit (HTTP 429, {@code Retry-After: retryAfterSeconds}).
     *
     * @param window  the window that refused: {@code 1/s} or {@code 10/min}
     * @param waitTime the exact wait
     * @param article the contract article, {@code CP Téléphonie §1.5 (R8)}
     */
    record RateLimited(String window, long retryAfterSeconds, Duration waitTime, String article) implements SmsAcceptance {}

    /** The account (or the sender number's line) is suspended (HTTP 403); {@code reason} as the suspension gives it. */
    record Suspended(String reason) implements SmsAcceptance {}

    /** A field is missing or wrong (HTTP 400/422). */
    record Invalid(String field, String message) implements SmsAcceptance {}

    /** {@code from} is not one of the account's numbers (HTTP 403). */
    record NotYourNumber(String from) implements SmsAcceptance {}

    /** The Idempotency-Key was already used for a different SMS within 24 h (HTTP 422). */
    record IdempotencyMismatch(String idempotencyKey, String existingId) implements SmsAcceptance {}

    /**
     * The SMS limits could not be checked: the state backend failed or did not answer within {@code state.timeout}
     * (HTTP 503, {@code Retry-After: retryAfterSeconds}). Nothing was counted nor stored.
     */
    record StateUnavailable(long retryAfterSeconds) implements SmsAcceptance {}
}
