package io.callguard.cti.sms;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of an SMS's history.
 *
 * @param status the status entered
 * @param at     when
 * @param code   the gateway's SIP status code (SENT, FAILED by a response), else null
 * @param detail a short reason for FAILED ({@code "sip 503 Service Unavailable"}, {@code "timeout"}), else null
 */
public record SmsStatusChange(SmsStatus status, Instant at, Integer code, String detail) {
    public SmsStatusChange {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }
}
