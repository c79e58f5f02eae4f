package io.callguard.core.policy;

/**
 * What a call gets when no decision could be taken: the rule every adapter applies, so that emergency calls go
 * through whatever failed (R6) and the operator's chosen failure mode decides for the rest. Adapters only translate
 * the result to their wire (the FastAGI adapter into channel variables).
 */
public final class FailurePolicy {
    public static final String EMERGENCY = "EMERGENCY";
    /** No decision within the adapter's deadline. */
    public static final String DEADLINE = "DEADLINE";
    /** The engine failed. */
    public static final String ERROR = "ERROR";
    /** The adapter was asked for a decision it does not know. */
    public static final String UNKNOWN_SCRIPT = "UNKNOWN_SCRIPT";
    /** Q.850 34 "no circuit/channel available": SIP 503, a temporary failure. */
    public static final int TEMPORARY_FAILURE = 34;
    /** Q.850 38 "network out of order". */
    public static final int NETWORK_OUT_OF_ORDER = 38;
    public static final String SERVICE_UNAVAILABLE_PROMPT = "callguard/service-unavailable";

    private FailurePolicy() { }

    /**
     * For a deadline hit ({@code reason} {@link #DEADLINE}) or an engine failure ({@link #ERROR}): emergency first,
     * then ALLOW with the reason when failing open, else DENY with cause 34.
     */
    public static Decision onFailure(String reason, boolean emergency, boolean failOpen) {
        if (emergency) return Decision.allow(EMERGENCY, null);
        return failOpen
                ? Decision.allow(reason, null)
                : Decision.deny(reason, TEMPORARY_FAILURE, SERVICE_UNAVAILABLE_PROMPT);
    }

    /** For a request the adapter cannot map to a decision: emergency first, else DENY with cause 38. */
    public static Decision onUnknownRequest(boolean emergency) {
        if (emergency) return Decision.allow(EMERGENCY, null);
        return Decision.deny(UNKNOWN_SCRIPT, NETWORK_OUT_OF_ORDER, null);
    }
}
