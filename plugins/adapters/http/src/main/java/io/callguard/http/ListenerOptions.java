package io.callguard.http;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Option;

import java.time.Duration;
import java.util.List;

import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.SECRET;
import static io.callguard.core.config.OptionType.STRING;

/**
 * One HTTP listener's settings: the admin API's ({@code admin.*}) or the CTI API's ({@code cti.host},
 * {@code cti.port}…). Their keys are declared here once ({@link #ADMIN_OPTIONS}, {@link #CTI_OPTIONS}) and read with
 * their bounds by {@link #from(ConfigView, String)}.
 *
 * @param host                     bind address (default 127.0.0.1)
 * @param port                     TCP port (admin 8080, CTI 8081; 0 = any free port)
 * @param token                    the admin API's bearer token (no default, at least {@value #MIN_TOKEN_LENGTH}
 *                                 characters; never printed); empty for the CTI API, whose clients carry API keys
 * @param maxBodyBytes             largest request body (admin 65536, CTI 16384); larger → 413
 * @param idleTimeout              a connection that sends or receives nothing this long is closed (default 30 s)
 * @param maxConnections           connections open at once (admin 1000, CTI 10000); more are closed as soon as accepted
 * @param maxConnectionsPerAddress connections open at once from one source address (admin 100, CTI 1000)
 */
public record ListenerOptions(String host, int port, String token, int maxBodyBytes, Duration idleTimeout,
                              int maxConnections, int maxConnectionsPerAddress) {
    /** The admin API's listener: section {@code admin}. */
    public static final String ADMIN = "admin";
    /** The CTI API's listener: the listener keys of section {@code cti}. */
    public static final String CTI = "cti";
    /** Shortest admin token accepted: a short one could be guessed. */
    public static final int MIN_TOKEN_LENGTH = 16;

    /** The admin listener's keys, in documentation order. */
    public static final List<Option> ADMIN_OPTIONS = List.of(
            Option.of("admin.host", STRING, "127.0.0.1", "admin HTTP API bind address"),
            Option.of("admin.port", INT, "8080", "admin HTTP API port (0 = any free port)"),
            Option.of("admin.token", SECRET, null, "bearer token of the admin API (required, at least 16 characters; never printed)"),
            Option.of("admin.maxBodyBytes", INT, "65536", "largest accepted request body, in bytes"),
            Option.of("admin.idleTimeout", DURATION, "30s", "a connection idle this long is closed (a request never finished)"),
            Option.of("admin.maxConnections", INT, "1000", "admin connections open at once; more are closed at once and counted"),
            Option.of("admin.maxConnectionsPerAddress", INT, "100", "admin connections open at once from one source address"));

    /** The CTI listener's keys, in documentation order (the CTI module declares the rest of section {@code cti}). */
    public static final List<Option> CTI_OPTIONS = List.of(
            Option.of("cti.host", STRING, "127.0.0.1", "CTI API bind address (reached by the clients' business applications)"),
            Option.of("cti.port", INT, "8081", "CTI API port (0 = any free port)"),
            Option.of("cti.maxBodyBytes", INT, "16384", "largest accepted CTI request body, in bytes"),
            Option.of("cti.idleTimeout", DURATION, "30s", "a CTI connection idle this long is closed (a slow client)"),
            Option.of("cti.maxConnections", INT, "10000", "CTI connections open at once; more are closed at once and counted"),
            Option.of("cti.maxConnectionsPerAddress", INT, "1000", "CTI connections open at once from one source address"));

    @Override public String toString() {
        return "ListenerOptions[host=" + host + ", port=" + port + ", token=***, maxBodyBytes=" + maxBodyBytes
                + ", idleTimeout=" + idleTimeout + ", maxConnections=" + maxConnections
                + ", maxConnectionsPerAddress=" + maxConnectionsPerAddress + "]";
    }

    /**
     * Reads and checks one listener's keys; every problem is recorded in {@code view} (its key named), none thrown.
     *
     * @param listener {@link #ADMIN} or {@link #CTI}
     */
    public static ListenerOptions from(ConfigView view, String listener) {
        boolean admin = switch (listener) {
            case ADMIN -> true;
            case CTI -> false;
            default -> throw new IllegalArgumentException("unknown listener '" + listener + "' (admin or cti)");
        };
        String p = listener + ".";
        String host = view.host(p + "host");
        int port = view.integer(p + "port", 0, 65535, "1..65535 (or 0 for any)");
        String token = admin ? token(view, p + "token") : "";
        int maxBody = admin ? view.integer(p + "maxBodyBytes", 1024, 16 * 1024 * 1024, "1024..16777216")
                : view.integer(p + "maxBodyBytes", 1024, 1024 * 1024, "1024..1048576");
        return new ListenerOptions(host, port, token, maxBody,
                view.duration(p + "idleTimeout", Duration.ofSeconds(1), Duration.ofHours(1)),
                view.integer(p + "maxConnections", 1, 1_000_000, "1..1000000"),
                view.integer(p + "maxConnectionsPerAddress", 1, 1_000_000, "1..1000000"));
    }

    /** Required, at least {@value #MIN_TOKEN_LENGTH} characters, kept as written; its value is never in a message. */
    private static String token(ConfigView view, String path) {
        String v = view.text(path);
        if (v.isBlank()) {
            view.problem(path, "required (set " + Option.envName(path) + "); at least " + MIN_TOKEN_LENGTH + " characters");
        } else if (v.length() < MIN_TOKEN_LENGTH) {
            view.problem(path, "must be at least " + MIN_TOKEN_LENGTH + " characters, got " + v.length());
        }
        return v;
    }
}
