package io.callguard.bench;

/**
 * How one load session ended.
 *
 * @param kind         the ending
 * @param latencyNanos header sent → the server's close (EOF); 0 when the session never got that far
 * @param roundTrips   commands answered
 * @param verdict      {@code CALLGUARD_VERDICT} as set, or null
 * @param reason       {@code CALLGUARD_REASON} as set, or null
 * @param failure      what went wrong (FAILED, TIMEOUT), or null
 */
record SessionOutcome(Kind kind, long latencyNanos, int roundTrips, String verdict, String reason, String failure) {
    enum Kind {
        /** The server set a verdict and closed. */
        DECIDED,
        /** The server closed without setting CALLGUARD_VERDICT. */
        NO_VERDICT,
        /** Connection refused, reset, or a socket error. */
        FAILED,
        /** Still open after the session timeout. */
        TIMEOUT
    }
}
