package io.callguard.asterisk.fastagi;

import java.time.Duration;

/**
 * FastAGI listener settings (defaults in {@link #defaults()}).
 *
 * @param host             bind address (default 127.0.0.1)
 * @param port             TCP port (default 4573; 0 = any free port, for tests)
 * @param decisionDeadline every session is answered within this time after its header (default 250 ms)
 * @param headerTimeout    a peer must send its whole header within this time (default 2 s)
 * @param replyTimeout     Asterisk must answer each command within this time (default 2 s)
 * @param maxLineLength    longest accepted line in bytes (default 2048)
 * @param maxHeaderLines   most {@code agi_*} lines in one header (default 128)
 * @param failureMode      verdict for non-emergency calls on deadline or policy failure (default OPEN)
 * @param useMSet          one {@code EXEC MSet} instead of one {@code SET VARIABLE} per variable (default true)
 * @param warmUpSessions   synthetic sessions run through the session code and a throw-away copy of the policy
 *                         chain before the listener binds, so that the first real call is not decided by a cold JVM
 *                         (default {@value #DEFAULT_WARM_UP_SESSIONS}; 0 = none)
 * @param maxConnections   sessions open at once (default {@value #DEFAULT_MAX_CONNECTIONS}); one more is closed as
 *                         soon as accepted and counted. No per-address limit: Asterisk opens every session from its
 *                         own few addresses
 */
public record FastAgiOptions(String host, int port, Duration decisionDeadline, Duration headerTimeout,
                             Duration replyTimeout, int maxLineLength, int maxHeaderLines, FailureMode failureMode,
                             boolean useMSet, int warmUpSessions, int maxConnections) {
    public static final int DEFAULT_WARM_UP_SESSIONS = 200;
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;

    public FastAgiOptions {
        if (warmUpSessions < 0) throw new IllegalArgumentException("warmUpSessions must not be negative: " + warmUpSessions);
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
    }

    /** With the default {@code maxConnections}. */
    public FastAgiOptions(String host, int port, Duration decisionDeadline, Duration headerTimeout,
                          Duration replyTimeout, int maxLineLength, int maxHeaderLines, FailureMode failureMode,
                          boolean useMSet, int warmUpSessions) {
        this(host, port, decisionDeadline, headerTimeout, replyTimeout, maxLineLength, maxHeaderLines, failureMode,
                useMSet, warmUpSessions, DEFAULT_MAX_CONNECTIONS);
    }

    /** With the default warm-up and {@code maxConnections}. */
    public FastAgiOptions(String host, int port, Duration decisionDeadline, Duration headerTimeout,
                          Duration replyTimeout, int maxLineLength, int maxHeaderLines, FailureMode failureMode,
                          boolean useMSet) {
        this(host, port, decisionDeadline, headerTimeout, replyTimeout, maxLineLength, maxHeaderLines, failureMode,
                useMSet, DEFAULT_WARM_UP_SESSIONS, DEFAULT_MAX_CONNECTIONS);
    }

    public static FastAgiOptions defaults() {
        return new FastAgiOptions("127.0.0.1", 4573, Duration.ofMillis(250), Duration.ofSeconds(2),
                Duration.ofSeconds(2), 2048, 128, FailureMode.OPEN, true, DEFAULT_WARM_UP_SESSIONS,
                DEFAULT_MAX_CONNECTIONS);
    }

    /** The same options with another {@code maxConnections}. */
    public FastAgiOptions withMaxConnections(int max) {
        return new FastAgiOptions(host, port, decisionDeadline, headerTimeout, replyTimeout, maxLineLength,
                maxHeaderLines, failureMode, useMSet, warmUpSessions, max);
    }
}
