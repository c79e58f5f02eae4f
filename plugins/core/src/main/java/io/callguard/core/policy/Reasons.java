package io.callguard.core.policy;

/**
 * Reasons, Q.850 causes and prompts that more than one place uses (policies, adapters, tests), so that the
 * strings the dialplan matches on are spelled once. Reasons go to {@code CALLGUARD_REASON}, causes to
 * {@code CALLGUARD_CAUSE}, prompts (Asterisk sound names) to {@code CALLGUARD_PROMPT}.
 */
public final class Reasons {
    private Reasons() { }

    /** An emergency number: always allowed, never cut. */
    public static final String EMERGENCY = "EMERGENCY";
    /** The call belongs to no account the directory knows. */
    public static final String UNKNOWN_ACCOUNT = "UNKNOWN_ACCOUNT";
    /** An inbound call to a number assigned to no client. */
    public static final String UNKNOWN_NUMBER = "UNKNOWN_NUMBER";
    /** Every channel of the trunk is in use, inbound and outbound together (R2, CP Téléphonie §1.1). */
    public static final String TRUNK_FULL = "TRUNK_FULL";
    /** The account started more calls in the last second than it may. */
    public static final String CPS_EXCEEDED = "CPS_EXCEEDED";
    /**
     * The account or trunk is suspended (R3–R6, CGV 8.2, 8.4, 12.1): outbound calls other than to emergency numbers
     * are refused; inbound calls still work.
     */
    public static final String LINE_SUSPENDED = "LINE_SUSPENDED";

    /** Q.850 1, unallocated (unassigned) number: SIP 404. */
    public static final int CAUSE_UNALLOCATED_NUMBER = 1;
    /** Q.850 21, call rejected: SIP 403. */
    public static final int CAUSE_CALL_REJECTED = 21;
    /** Q.850 34, no circuit/channel available: SIP 503. */
    public static final int CAUSE_NO_CIRCUIT = 34;

    public static final String PROMPT_UNKNOWN_ACCOUNT = "callguard/unknown-account";
    public static final String PROMPT_UNKNOWN_NUMBER = "callguard/unknown-number";
    public static final String PROMPT_TRUNK_FULL = "callguard/trunk-full";
    public static final String PROMPT_CPS_EXCEEDED = "callguard/cps-exceeded";
    public static final String PROMPT_LINE_SUSPENDED = "callguard/line-suspended";
}
