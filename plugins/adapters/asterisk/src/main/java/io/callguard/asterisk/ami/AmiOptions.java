package io.callguard.asterisk.ami;

import java.time.Duration;

/**
 * AMI connection settings. Null (or non-positive) values take the defaults below.
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
