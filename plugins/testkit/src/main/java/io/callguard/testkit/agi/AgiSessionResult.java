package io.callguard.testkit.agi;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one emulated FastAGI session saw.
 *
 * @param status     how it ended, as Asterisk's {@code AGISTATUS} would say (plus TIMEOUT for the client's own limit)
 * @param commands   the command lines received, in order, without line endings
 * @param variables  channel variables set by {@code SET VARIABLE} or {@code EXEC MSet/Set}, in the order set
 * @param roundTrips commands answered
 * @param elapsed    from the header sent to the connection closed (zero on FAILURE)
 * @param failure    why the connection failed or timed out, null otherwise
 */
public record AgiSessionResult(Status status, List<String> commands, Map<String, String> variables, int roundTrips,
                               Duration elapsed, String failure) {
    public enum Status {
        /** The server closed the session (with or without commands). */
        SUCCESS,
        /** The caller hung up during the session. */
        HANGUP,
        /** The connection could not be made or broke. */
        FAILURE,
        /** The client gave up after {@link AgiBehaviour#maxSessionTime()}. */
        TIMEOUT
    }

    public AgiSessionResult {
        commands = List.copyOf(commands);
        variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
    }

    /** A variable set during the session, null when not set. */
    public String variable(String name) { return variables.get(name); }
}
