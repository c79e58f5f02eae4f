package io.callguard.cti.calls;

import java.util.Locale;

/** Progress of a click-to-call. */
public enum CtiCallStatus {
    /** Accepted, Originate being sent. */
    REQUESTED,
    /** Asterisk queued the Originate ({@code Response: Success}): the client's line is ringing. */
    ORIGINATED,
    /** The client answered ({@code OriginateResponse: Success}): the destination is being decided and dialled. */
    CLIENT_ANSWERED,
    /** The destination answered ({@code DialEnd} with {@code DialStatus: ANSWER} on the client's leg). */
    ANSWERED,
    /**
     * Not connected: the Originate was refused, the client's line did not answer, callguard refused the dialled leg
     * (with its reason), or the call ended before the destination answered.
     */
    FAILED,
    /** The call ended after the destination answered. */
    ENDED;

    public boolean terminal() { return this == FAILED || this == ENDED; }

    /** The name the API shows: lower case, words joined by '-' ({@code client-answered}). */
    public String wireName() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
}
