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
 * @param cause        {@code CALLGUARD_CAUSE} as set (a denial's Q.850 cause), or null
 */
record SessionOutcome(Kind kind, long latencyNanos, int roundTrips, String verdict, String reason, String failure,
                      String cause) {
    SessionOutcome(Kind kind, long latencyNanos, int roundTrips, String verdict, String reason, String failure) {
        this(kind, latencyNanos, roundTrips, verdict, reason, failure, null);
    }

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
