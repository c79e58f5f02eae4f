package io.callguard.asterisk.ami;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Durations;
import io.callguard.core.config.Option;

import io.callguard.core.calls.CallKeys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.callguard.core.config.OptionType.BOOLEAN;
import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.LIST;
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
 * @param readCoalesce     after a read of few frames, the next read waits this long (default zero: read as bytes
 *                         arrive; at most 100 ms), so that the frames Asterisk writes one by one are read several at a
 *                         time: one wake-up of the event loop for a few frames instead of one per frame. Every event
 *                         reaches the modules up to this much later, a hang-up included: a call decided right after
 *                         another's hang-up on a full trunk may still find the slot taken, so it is off by default
 */
public record AmiOptions(String host, int port, String username, String secret, Duration pingInterval,
                         Duration reconnectMin, Duration reconnectMax, Duration connectTimeout,
                         Duration stableSession, Duration readCoalesce) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5038;
    public static final String DEFAULT_USERNAME = "callguard";
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STABLE_SESSION = Duration.ofSeconds(30);
    public static final Duration DEFAULT_READ_COALESCE = Duration.ZERO;
    /** Longest {@code ami.readCoalesce}: beyond, the tracker would lag behind the calls it counts. */
    public static final Duration MAX_READ_COALESCE = Duration.ofMillis(100);

    /** Key of the list of Asterisk servers of a node that watches several. */
    public static final String SERVERS = "ami.servers";
    /**
     * What an {@code ami.servers} entry may set for its server ({@code ami.servers.<name>.<key>}, from a YAML mapping
     * item or {@code CALLGUARD_AMI_SERVERS_<NAME>_<KEY>}); a key it does not set is the {@code ami.<key>} value.
     */
    public static final List<String> SERVER_KEYS = List.of("host", "port", "username", "secret", "pingInterval",
            "reconnectMin", "reconnectMax", "connectTimeout", "stableSession", "readCoalesce", "agiAddresses");

    /** Every {@code ami} key, in documentation order, with the defaults above. */
    public static final List<Option> OPTIONS = List.of(
            Option.of("ami.enabled", BOOLEAN, "true", "connect to the Asterisk Manager Interface"),
            Option.of("ami.name", STRING, AmiSettings.DEFAULT_NAME,
                    "name of the one Asterisk server when ami.servers is empty (readiness, logs)"),
            Option.of(SERVERS, LIST, "", "several Asterisk servers: entries name[@host[:port]] (or YAML mappings with"
                    + " name and any ami key); each server's other keys are the ami ones; empty = the one server of ami.host"),
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
                    "a session that lived this long starts the reconnection delays again from reconnectMin"),
            Option.of("ami.readCoalesce", DURATION, Durations.format(DEFAULT_READ_COALESCE),
                    "after a read of few frames the next waits this long, so that frames are read several at a time"
                    + " (0 = as they arrive; at most 100ms): events, hang-ups included, reach the modules up to this much later"));

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
        // zero is a setting (read as bytes arrive), so only null takes the default
        readCoalesce = readCoalesce == null ? DEFAULT_READ_COALESCE : readCoalesce;
        if (readCoalesce.isNegative() || readCoalesce.compareTo(MAX_READ_COALESCE) > 0) {
            throw new IllegalArgumentException("readCoalesce must be 0.." + Durations.format(MAX_READ_COALESCE)
                    + ", got " + Durations.format(readCoalesce));
        }
        if (reconnectMax.compareTo(reconnectMin) < 0) reconnectMax = reconnectMin;
    }

    /** These settings with the default readCoalesce. */
    public AmiOptions(String host, int port, String username, String secret, Duration pingInterval,
                      Duration reconnectMin, Duration reconnectMax, Duration connectTimeout, Duration stableSession) {
        this(host, port, username, secret, pingInterval, reconnectMin, reconnectMax, connectTimeout, stableSession, null);
    }

    /** These settings with the default stableSession and readCoalesce. */
    public AmiOptions(String host, int port, String username, String secret, Duration pingInterval,
                      Duration reconnectMin, Duration reconnectMax, Duration connectTimeout) {
        this(host, port, username, secret, pingInterval, reconnectMin, reconnectMax, connectTimeout, null, null);
    }

    /**
     * Reads and checks the {@code ami} keys; every problem is recorded in {@code view} (its key named), none thrown.
     * The user and the secret are required only when AMI is enabled; the secret never appears in a message.
     */
    public static AmiSettings from(ConfigView view) {
        boolean enabled = view.bool("ami.enabled");
        List<String> entries = view.list(SERVERS);
        if (entries.isEmpty()) {
            String name = view.text("ami.name").trim();
            if (!CallKeys.validName(name)) view.problem("ami.name", nameRule(name));
            AmiOptions options = read(view, enabled, key -> "ami." + key);
            return new AmiSettings(enabled, List.of(AmiServer.of(CallKeys.validName(name) ? name : "asterisk", options)));
        }
        List<AmiServer> servers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> endpoints = new HashMap<>();
        for (String entry : entries) {
            int at = entry.indexOf('@');
            String name = (at < 0 ? entry : entry.substring(0, at)).trim();
            if (!CallKeys.validName(name)) {
                view.problem(SERVERS, nameRule(name) + " (entries are name[@host[:port]])");
                continue;
            }
            if (!names.add(name)) {
                view.problem(SERVERS, "'" + name + "' is listed twice (server names must be distinct)");
                continue;
            }
            String prefix = SERVERS + "." + name + ".";
            // a key the server does not set is the shared one, except a secret set nowhere: named as the server's
            AmiOptions options = read(view, enabled, key -> !view.isDefault(prefix + key)
                    || key.equals("secret") && view.text("ami.secret").isBlank() ? prefix + key : "ami." + key);
            if (at >= 0) options = endpoint(view, name, entry.substring(at + 1).trim(), options);
            String endpoint = options.host() + ":" + options.port();
            String other = endpoints.putIfAbsent(endpoint, name);
            if (other != null) {
                view.problem(SERVERS, "'" + other + "' and '" + name + "' are both " + endpoint
                        + " (one AMI link per Asterisk server)");
            }
            List<String> agi = view.list(prefix + "agiAddresses");
            for (String a : agi) {
                if (a.chars().anyMatch(Character::isWhitespace)) view.problem(prefix + "agiAddresses", "'" + a + "' is no address");
            }
            servers.add(new AmiServer(name, options, agi));
        }
        if (servers.isEmpty()) servers.add(AmiServer.of(AmiSettings.DEFAULT_NAME, defaults("")));
        return new AmiSettings(enabled, servers);
    }

    /** One server's settings, each key read at {@code path.apply(key)} (its own, else the shared ami one). */
    private static AmiOptions read(ConfigView view, boolean enabled, java.util.function.Function<String, String> path) {
        String minPath = path.apply("reconnectMin");
        String maxPath = path.apply("reconnectMax");
        Duration reconnectMin = view.duration(minPath, Duration.ofMillis(1), Duration.ofHours(1));
        Duration reconnectMax = view.duration(maxPath, Duration.ofMillis(1), Duration.ofHours(1));
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            view.problem(maxPath, "must be at least " + minPath + " (" + Durations.format(reconnectMin)
                    + "), got " + Durations.format(reconnectMax));
        }
        String user = path.apply("username");
        String secret = path.apply("secret");
        return new AmiOptions(
                view.host(path.apply("host")),
                view.integer(path.apply("port"), 1, 65535, "1..65535"),
                enabled ? required(view, user) : view.text(user),
                enabled ? requiredSecret(view, secret) : view.text(secret),
                view.duration(path.apply("pingInterval"), Duration.ofMillis(1), Duration.ofHours(1)),
                reconnectMin, reconnectMax,
                view.duration(path.apply("connectTimeout"), Duration.ofMillis(1), Duration.ofMinutes(10)),
                view.duration(path.apply("stableSession"), Duration.ofMillis(1), Duration.ofHours(1)),
                readCoalesce(view, path.apply("readCoalesce")));
    }

    /** 0..100ms; out of bounds, the problem is recorded and the default stands in (the start stops on it anyway). */
    private static Duration readCoalesce(ConfigView view, String path) {
        Duration d = view.duration(path, Duration.ZERO, MAX_READ_COALESCE);
        return d.compareTo(MAX_READ_COALESCE) > 0 ? DEFAULT_READ_COALESCE : d;
    }

    /** {@code options} at the entry's {@code host[:port]}. */
    private static AmiOptions endpoint(ConfigView view, String name, String hostPort, AmiOptions options) {
        String host = hostPort;
        int port = options.port();
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                view.problem(SERVERS, "'" + name + "': port must be 1..65535, got '" + hostPort.substring(colon + 1) + "'");
                port = options.port();
            }
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            view.problem(SERVERS, "'" + name + "': must be name@host[:port], got host '" + host + "'");
            return options;
        }
        return options.withEndpoint(host, port);
    }

    private static String nameRule(String name) {
        return "'" + name + "' is not a server name (1 to 32 letters, digits, '.', '_' or '-', starting with a letter or"
                + " digit: it prefixes the server's call ids)";
    }

    private static String required(ConfigView view, String path) {
        String v = view.text(path).trim();
        if (v.isEmpty()) view.problem(path, "required (set " + Option.envName(path) + ")");
        return v;
    }

    /** Kept as written (a secret may hold spaces); the message names the variable, never the value. */
    private static String requiredSecret(ConfigView view, String path) {
        String v = view.text(path);
        if (v.isBlank()) {
            // a server's own key falls back on the shared one: name both variables
            String shared = path.startsWith(SERVERS + ".") ? " or " + Option.envName("ami.secret") : "";
            view.problem(path, "required when ami.enabled is true (set " + Option.envName(path) + shared + ")");
        }
        return v;
    }

    /** Every default, with this secret. */
    public static AmiOptions defaults(String secret) {
        return new AmiOptions(null, 0, null, secret, null, null, null, null, null, null);
    }

    public AmiOptions withEndpoint(String host, int port) {
        return new AmiOptions(host, port, username, secret, pingInterval, reconnectMin, reconnectMax, connectTimeout,
                stableSession, readCoalesce);
    }

    public AmiOptions withStableSession(Duration stableSession) {
        return new AmiOptions(host, port, username, secret, pingInterval, reconnectMin, reconnectMax, connectTimeout,
                stableSession, readCoalesce);
    }

    public AmiOptions withReadCoalesce(Duration readCoalesce) {
        return new AmiOptions(host, port, username, secret, pingInterval, reconnectMin, reconnectMax, connectTimeout,
                stableSession, readCoalesce);
    }

    private static Duration positiveOr(Duration d, Duration fallback) {
        return d == null || d.isZero() || d.isNegative() ? fallback : d;
    }

    @Override public String toString() {
        return "AmiOptions[host=" + host + ", port=" + port + ", username=" + username + ", secret=***]";
    }
}
