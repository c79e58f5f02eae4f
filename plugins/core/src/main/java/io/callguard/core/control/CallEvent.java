package io.callguard.core.control;

/**
 * What happens to channels, in callguard's own terms: the adapter translates the platform's events into these,
 * in stream order. Identifiers are the platform's channel Uniqueids.
 */
public sealed interface CallEvent {
    /** The channel concerned; null for an {@link OriginateResult} that created no channel. */
    String uniqueId();

    /** A channel came into existence. Text fields are empty strings when the platform sent none. */
    record ChannelCreated(String uniqueId, String linkedId, String channel, String accountCode, String callerIdNum,
                          String exten, String state) implements CallEvent { }

    /** A channel's state changed (e.g. {@code Ringing}, {@code Up}). */
    record StateChanged(String uniqueId, String state) implements CallEvent { }

    /**
     * A dial attempt from {@code uniqueId} ended.
     *
     * @param destUniqueId the dialled channel, null when none was created
     * @param dialStatus   e.g. {@code ANSWER}, {@code BUSY}, {@code NOANSWER}, {@code CANCEL}
     */
    record DialEnded(String uniqueId, String destUniqueId, String dialStatus) implements CallEvent { }

    /**
     * A channel ended.
     *
     * @param cause     the Q.850 cause, null when unknown
     * @param causeText its text, null when absent
     * @param techCause the technology's status that went with it (the SIP code, e.g. 503 for cause 34), null when none
     */
    record HungUp(String uniqueId, String channel, Integer cause, String causeText, Integer techCause)
            implements CallEvent { }

    /**
     * The outcome of an {@link CallControl#originate}: the first leg answered ({@code success}) or not.
     *
     * @param correlationId the request's {@link OriginateRequest#correlationId()}
     * @param uniqueId      the first leg's Uniqueid, null when no channel was created
     * @param reason        the platform's originate reason (Asterisk: 0 failure, 1 hung up, 3 no answer,
     *                      4 answered, 5 busy, 8 congestion), null when absent
     */
    record OriginateResult(String correlationId, boolean success, String uniqueId, Integer reason)
            implements CallEvent { }
}
