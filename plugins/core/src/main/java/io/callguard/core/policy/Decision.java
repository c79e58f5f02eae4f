package io.callguard.core.policy;

import java.util.Objects;

/**
 * What callguard tells the telephony platform about a call. The FastAGI adapter maps every field to one channel
 * variable (see DESIGN's decision contract); null fields are not sent.
 *
 * @param verdict      ALLOW or DENY
 * @param reason       machine-readable reason (e.g. {@code UNKNOWN_ACCOUNT}), null for a plain ALLOW
 * @param cause        Q.850 cause for a denial (e.g. 21 call rejected → SIP 403, 34 no circuit → SIP 503)
 * @param prompt       sound to play before hanging up a denied call
 * @param maxSeconds   maximum call duration for an allowed call (R1)
 * @param announcement tariff announcement prompt (R9), empty string when none is due, null when not applicable
 */
public record Decision(Verdict verdict, String reason, Integer cause, String prompt, Long maxSeconds, String announcement) {
    public Decision {
        Objects.requireNonNull(verdict, "verdict");
        if (verdict == Verdict.DENY && (reason == null || cause == null)) {
            throw new IllegalArgumentException("a denial needs a reason and a cause");
        }
        if (maxSeconds != null && maxSeconds <= 0) throw new IllegalArgumentException("maxSeconds must be positive");
    }

    public static Decision allow(long maxSeconds) { return new Decision(Verdict.ALLOW, null, null, null, maxSeconds, null); }

    /** An ALLOW with a reason, for allowances that are not the default one (EMERGENCY, DEADLINE, FAIL_OPEN…). */
    public static Decision allow(String reason, Long maxSeconds) {
        return new Decision(Verdict.ALLOW, reason, null, null, maxSeconds, null);
    }

    public static Decision deny(String reason, int cause, String prompt) {
        return new Decision(Verdict.DENY, reason, cause, prompt, null, null);
    }

    public boolean allowed() { return verdict == Verdict.ALLOW; }

    public Decision withAnnouncement(String prompt) {
        return new Decision(verdict, reason, cause, this.prompt, maxSeconds, prompt == null ? "" : prompt);
    }

    public Decision withMaxSeconds(long seconds) {
        return new Decision(verdict, reason, cause, prompt, seconds, announcement);
    }
}
