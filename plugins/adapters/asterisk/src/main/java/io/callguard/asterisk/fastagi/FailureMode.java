package io.callguard.asterisk.fastagi;

/** What a non-emergency call gets when no decision could be taken in time or a policy failed. */
public enum FailureMode {
    /** ALLOW with the reason (DEADLINE, ERROR): service continuity first. */
    OPEN,
    /** DENY with the reason, cause 34 (temporary failure → SIP 503). */
    CLOSED
}
