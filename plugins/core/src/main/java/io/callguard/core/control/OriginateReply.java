package io.callguard.core.control;

/**
 * The platform's immediate answer to an originate: accepted (queued; the outcome follows as a
 * {@link CallEvent.OriginateResult}) or refused with the platform's message.
 */
public record OriginateReply(boolean accepted, String message) {
    public static OriginateReply accepted(String message) { return new OriginateReply(true, message); }

    public static OriginateReply refused(String message) { return new OriginateReply(false, message); }
}
