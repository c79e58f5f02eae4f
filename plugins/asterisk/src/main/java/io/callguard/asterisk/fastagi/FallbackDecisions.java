package io.callguard.asterisk.fastagi;

import io.callguard.core.policy.Decision;

/** The decisions the adapter itself gives when the engine cannot: emergency calls always go through. */
final class FallbackDecisions {
    static final String EMERGENCY = "EMERGENCY";
    static final String DEADLINE = "DEADLINE";
    static final String ERROR = "ERROR";
    static final String UNKNOWN_SCRIPT = "UNKNOWN_SCRIPT";
    /** Q.850 34 "no circuit/channel available": SIP 503, a temporary failure. */
    static final int TEMPORARY_FAILURE = 34;
    /** Q.850 38 "network out of order". */
    static final int NETWORK_OUT_OF_ORDER = 38;
    static final String SERVICE_UNAVAILABLE_PROMPT = "callguard/service-unavailable";

    private FallbackDecisions() { }

    /** For a deadline hit ({@code reason} DEADLINE) or an engine failure ({@code reason} ERROR). */
    static Decision failure(String reason, boolean emergency, FailureMode mode) {
        if (emergency) return Decision.allow(EMERGENCY, null);
        return mode == FailureMode.OPEN
                ? Decision.allow(reason, null)
                : Decision.deny(reason, TEMPORARY_FAILURE, SERVICE_UNAVAILABLE_PROMPT);
    }

    static Decision unknownScript(boolean emergency) {
        if (emergency) return Decision.allow(EMERGENCY, null);
        return Decision.deny(UNKNOWN_SCRIPT, NETWORK_OUT_OF_ORDER, null);
    }
}
