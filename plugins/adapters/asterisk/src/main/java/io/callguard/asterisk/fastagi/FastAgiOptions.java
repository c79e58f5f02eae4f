package io.callguard.asterisk.fastagi;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Option;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static io.callguard.core.config.OptionType.BOOLEAN;
import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.STRING;

/**
 * FastAGI listener settings (defaults in {@link #defaults()}). The {@code fastagi} configuration keys are declared
 * here once ({@link #OPTIONS}) and read with their bounds by {@link #from(ConfigView)}.
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
    /** Longest decision deadline accepted: a call held longer would be a dead call anyway. */
    private static final Duration MAX_DECISION_DEADLINE = Duration.ofMinutes(1);

    /** Every {@code fastagi} key, in documentation order (defaults as the README writes them; tied to {@link #defaults()} by a test). */
    public static final List<Option> OPTIONS = List.of(
            Option.of("fastagi.host", STRING, "127.0.0.1", "FastAGI bind address"),
            Option.of("fastagi.port", INT, "4573", "FastAGI TCP port (0 = any free port)"),
            Option.of("fastagi.decisionDeadline", DURATION, "250ms", "every session is answered within this time after its header"),
            Option.of("fastagi.headerTimeout", DURATION, "2s", "a peer must send its whole AGI header within this time"),
            Option.of("fastagi.replyTimeout", DURATION, "2s", "Asterisk must answer each command within this time"),
            Option.of("fastagi.maxLineLength", INT, "2048", "longest accepted AGI line, in bytes"),
            Option.of("fastagi.maxHeaderLines", INT, "128", "most agi_* lines in one header"),
            Option.of("fastagi.failureMode", STRING, "open", "open | closed: verdict of non-emergency calls on deadline or policy failure"),
            Option.of("fastagi.useMSet", BOOLEAN, "true", "set all variables with one EXEC MSet"),
            Option.of("fastagi.warmUpSessions", INT, Integer.toString(DEFAULT_WARM_UP_SESSIONS),
                    "synthetic sessions run through the decision path before FastAGI listens (0 = none)"),
            Option.of("fastagi.maxConnections", INT, Integer.toString(DEFAULT_MAX_CONNECTIONS),
                    "FastAGI sessions open at once (no per-address limit: Asterisk opens them all from few addresses)"));

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

    /** Reads and checks the {@code fastagi} keys; every problem is recorded in {@code view} (its key named), none thrown. */
    public static FastAgiOptions from(ConfigView view) {
        return new FastAgiOptions(
                view.host("fastagi.host"),
                view.integer("fastagi.port", 0, 65535, "1..65535 (or 0 for any)"),
                view.duration("fastagi.decisionDeadline", Duration.ofMillis(1), MAX_DECISION_DEADLINE),
                view.duration("fastagi.headerTimeout", Duration.ofMillis(1), Duration.ofMinutes(10)),
                view.duration("fastagi.replyTimeout", Duration.ofMillis(1), Duration.ofMinutes(10)),
                view.integer("fastagi.maxLineLength", 256, 65536, "256..65536"),
                view.integer("fastagi.maxHeaderLines", 16, 4096, "16..4096"),
                failureMode(view),
                view.bool("fastagi.useMSet"),
                view.integer("fastagi.warmUpSessions", 0, 100_000, "0..100000"),
                view.integer("fastagi.maxConnections", 16, 1_000_000, "16..1000000"));
    }

    private static FailureMode failureMode(ConfigView view) {
        String v = view.text("fastagi.failureMode").trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "open": return FailureMode.OPEN;
            case "closed": return FailureMode.CLOSED;
            default:
                view.problem("fastagi.failureMode", "must be open or closed, got '" + v + "'");
                return FailureMode.OPEN;
        }
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
