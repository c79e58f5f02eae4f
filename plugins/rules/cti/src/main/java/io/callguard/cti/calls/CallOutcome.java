package io.callguard.cti.calls;

/** The answer to {@link ClickToCallService#call}. */
public sealed interface CallOutcome {
    /** Originate queued by Asterisk (HTTP 202 with the id); progress through GET. */
    record Placed(CtiCall call) implements CallOutcome {}

    /** Asterisk refused the Originate or AMI is down (HTTP 502/503); the call is recorded FAILED. */
    record OriginateFailed(CtiCall call, String message) implements CallOutcome {}

    /** The line is not one of the account's trunks (HTTP 403). */
    record NotYourLine(String line) implements CallOutcome {}

    /** The account or the line is suspended and {@code to} is not an emergency number (HTTP 403). */
    record Suspended(String reason) implements CallOutcome {}

    /**
     * Over a cap before anything rang (HTTP 409 {@code TRUNK_FULL}, 429 {@code CPS_EXCEEDED} with Retry-After);
     * nothing is recorded, reserved nor counted.
     */
    record Refused(String reason, java.time.Duration retryAfter) implements CallOutcome {}

    /** A field is missing or wrong (HTTP 400/422). */
    record Invalid(String field, String message) implements CallOutcome {}
}
