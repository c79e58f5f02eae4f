package io.callguard.asterisk.ami;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Durations;
import io.callguard.core.config.Option;

import java.time.Duration;
import java.util.List;

import static io.callguard.core.config.OptionType.BOOLEAN;
import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.SECRET;
import static io.callguard.core.config.OptionType.STRING;

/**
 * AMI connection settings. Null (or non-positive) values take the defaults below. The {@code ami} configuration keys
 * are declared here once ({@link #OPTIONS}) and read with their bounds by {@link #from(ConfigView)}.
 *
 * @param host             Asterisk host (default 127.0.0.1)
 * @param port             AMI port (default 5038)
 * @param username         AMI user (default callguard)
 * @param secret           AMI secret (no default: AmiClient refuses an empty one; never logged)
 * @param pingInterval     a Ping this often detects a dead link (default 5 s)
 * @param reconnectMin     first retry delay (default 500 ms), doubled up to reconnectMax (default 30 s)
 * @param reconnectMax     longest retry delay
 * @param connectTimeout   TCP connect + login timeout (default 5 s); also the timeout of each action's response
 * @param stableSession    a session that lived this long before its link was lost starts the reconnection delays
 *                         again from reconnectMin (default 30 s); a shorter one keeps them growing, so an Asterisk
 *                         that drops every session soon after its login is not hammered every reconnectMin
 */
public record AmiOptions(String host, int port, String username, String secret, Duration pingInterval,
                         Duration reconnectMin, Duration reconnectMax, Duration connectTimeout,
                         Duration stableSession) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5038;
    public static final String DEFAULT_USERNAME = "callguard";
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STABLE_SESSION = Duration.ofSeconds(30);

    /** Every {@code ami} key, in documentation order, with the defaults above. */
    public static final List<Option> OPTIONS = List.of(
            Option.of("ami.enabled", BOOLEAN, "true", "connect to the Asterisk Manager Interface"),
            Option.of("ami.host", STRING, DEFAULT_HOST, "Asterisk host"),
            Option.of("ami.port", INT, Integer.toString(DEFAULT_PORT), "AMI port"),
            Option.of("ami.username", STRING, DEFAULT_USERNAME, "AMI user"),
            Option.of("ami.secret", SECRET, null, "AMI secret (required when ami.enabled; never printed)"),
            Option.of("ami.pingInterval", DURATION, Durations.format(DEFAULT_PING_INTERVAL), "a Ping this often detects a dead link"),
            Option.of("ami.reconnectMin", DURATION, Durations.format(DEFAULT_RECONNECT_MIN),
                    "first reconnection delay, doubled up to reconnectMax"),
            Option.of("ami.reconnectMax", DURATION, Durations.format(DEFAULT_RECONNECT_MAX), "longest reconnection delay"),
            Option.of("ami.connectTimeout", DURATION, Durations.format(DEFAULT_CONNECT_TIMEOUT), "TCP connect + login timeout"),
            Option.of("ami.stableSession", DURATION, Durations.format(DEFAULT_STABLE_SESSION),
                    "a session that lived this long starts the reconnection delays again from reconnectMin"));

    public AmiOptions {
        secret = secret == null ? "" : secret; // checked by AmiClient: a disabled AMI needs no secret
        host = host == null || host.isBlank() ? DEFAULT_HOST : host;
        port = port <= 0 ? DEFAULT_PORT : port;
        username = username == null || username.isBlank() ? DEFAULT_USERNAME : username;
        pingInterval = positiveOr(pingInterval, DEFAULT_PING_INTERVAL);
        reconnectMin = positiveOr(reconnectMin, DEFAULT_RECONNECT_MIN);
        reconnectMax = positiveOr(reconnectMax, DEFAULT_RECONNECT_MAX);
        connectTimeout = positiveOr(connectTimeout, DEFAULT_CONNECT_TIMEOUT);
        stableSession = positiveOr(stableSession, DEFAULT_STABLE_SESSION);
        if (reconnectMax.compareTo(reconnectMin) < 0) reconnectMax = reconnectMin;
    }

    /** These settings with the default stableSession. */
    public AmiOptions(String host, int port, String username, String secret, Duration pingInterval,
                      Duration reconnectMin, Duration reconnectMax, Duration connectTimeout) {
        this(host, port, username, secret, pingInterval, reconnectMin, reconnectMax, connectTimeout, null);
    }

    /**
     * Reads and checks the {@code ami} keys; every problem is recorded in {@code view} (its key named), none thrown.
     * The user and the secret are required only when AMI is enabled; the secret never appears in a message.
     */
    public static AmiSettings from(ConfigView view) {
        boolean enabled = view.bool("ami.enabled");
        Duration reconnectMin = view.duration("ami.reconnectMin", Duration.ofMillis(1), Duration.ofHours(1));
        Duration reconnectMax = view.duration("ami.reconnectMax", Duration.ofMillis(1), Duration.ofHours(1));
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            view.problem("ami.reconnectMax", "must be at least ami.reconnectMin (" + Durations.format(reconnectMin)
                    + "), got " + Durations.format(reconnectMax));
        }
        AmiOptions options = new AmiOptions(
                view.host("ami.host"),
                view.integer("ami.port", 1, 65535, "1..65535"),
                enabled ? required(view, "ami.username") : view.text("ami.username"),
                enabled ? requiredSecret(view, "ami.secret") : view.text("ami.secret"),
                view.duration("ami.pingInterval", Duration.ofMillis(1), Duration.ofHours(1)),
                reconnectMin, reconnectMax,
                view.duration("ami.connectTimeout", Duration.ofMillis(1), Duration.ofMinutes(10)),
                view.duration("ami.stableSession", Duration.ofMillis(1), Duration.ofHours(1)));
        return new AmiSettings(enabled, options);
    }

    private static String required(ConfigView view, String path) {
        String v = view.text(path).trim();
        if (v.isEmpty()) view.problem(path, "required (set " + Option.envName(path) + ")");
        return v;
    }

    /** Kept as written (a secret may hold spaces); the message names the variable, never the value. */
    private static String requiredSecret(ConfigView view, String path) {
        String v = view.text(path);
        if (v.isBlank()) view.problem(path, "required when ami.enabled is true (set " + Option.envName(path) + ")");
        return v;
    }

    /** Every default, with this secret. */
    public static AmiOptions defaults(String secret) {
        return new AmiOptions(null, 0, null, secret, null, null, null, null, null);
    }

    public AmiOptions withEndpoint(String host, int port) {
        return new AmiOptions(host, port, username, secret, pingInterval, reconnectMin, reconnectMax, connectTimeout,
                stableSession);
    }

    public AmiOptions withStableSession(Duration stableSession) {
        return new AmiOptions(host, port, username, secret, pingInterval, reconnectMin, reconnectMax, connectTimeout,
                stableSession);
    }

    private static Duration positiveOr(Duration d, Duration fallback) {
        return d == null || d.isZero() || d.isNegative() ? fallback : d;
    }

    @Override public String toString() {
        return "AmiOptions[host=" + host + ", port=" + port + ", username=" + username + ", secret=***]";
    }
}
