package io.callguard.cti.sms;

/** Where an accepted SMS stands. */
public enum SmsStatus {
    /** Stored, not yet acknowledged by the gateway (being sent, or waiting for a retry). */
    QUEUED,
    /** The gateway answered 2xx to the SIP MESSAGE. */
    SENT,
    /** The gateway refused it (3xx–6xx, code kept) or it timed out on every attempt. */
    FAILED;

    public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
