package io.callguard.cti.calls;

/** Progress of a click-to-call. */
public enum CtiCallStatus {
    /** Accepted, Originate being sent. */
    REQUESTED,
    /** Asterisk queued the Originate ({@code Response: Success}): the client's line is ringing. */
    ORIGINATED,
    /** The client answered ({@code OriginateResponse: Success}): the destination is being dialled. */
    ANSWERED,
    /** The Originate was refused, or the client's line did not answer ({@code OriginateResponse: Failure}). */
    FAILED,
    /** The client's leg hung up after answering. */
    ENDED;

    public boolean terminal() { return this == FAILED || this == ENDED; }
}
