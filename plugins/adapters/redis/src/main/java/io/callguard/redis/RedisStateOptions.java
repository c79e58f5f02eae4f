package io.callguard.redis;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Option;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.SECRET;
import static io.callguard.core.config.OptionType.STRING;

/**
 * How to reach Redis and where callguard's keys live.
 *
 * @param url            {@code redis://[:password@]host:port/db} (or {@code rediss://} for TLS); default
 *                       {@code redis://127.0.0.1:6379/0}
 * @param namespace      the prefix of every key ({@code <namespace>:alloc:...}); default {@code callguard}. Nodes that
 *                       must count together use the same one; a test uses its own.
 * @param commandTimeout how long an operation may wait for Redis before it fails; default 100 ms, so that a decision
 *                       still answers inside its deadline when Redis is slow or gone
 * @param maxPoolSize    connections to Redis per node; default 8
 * @param maxPoolWaiting operations that may wait for a free connection before new ones fail at once; default 1024
 */
public record RedisStateOptions(String url, String namespace, Duration commandTimeout, int maxPoolSize,
                                int maxPoolWaiting) {
    public static final String BACKEND = "state.backend";
    public static final String URL = "state.redis.url";
    public static final String NAMESPACE = "state.redis.namespace";
    public static final String COMMAND_TIMEOUT = "state.redis.commandTimeout";
    public static final String MAX_POOL_SIZE = "state.redis.maxPoolSize";
    public static final String MAX_POOL_WAITING = "state.redis.maxPoolWaiting";
    public static final String LEASE_TIME = "state.leaseTime";
    public static final String FALLBACK = "state.redis.fallback";
    public static final String PROBE_INTERVAL = "state.redis.probeInterval";
    public static final String DEFAULT_URL = "redis://127.0.0.1:6379/0";
    public static final String DEFAULT_NAMESPACE = "callguard";
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(100);
    public static final int DEFAULT_MAX_POOL_SIZE = 8;
    public static final int DEFAULT_MAX_POOL_WAITING = 1024;

    public RedisStateOptions {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("state.redis.url is required");
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new IllegalArgumentException("state.redis.url is not a URL: " + redact(url));
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("state.redis.url must start with redis:// or rediss://, got: " + redact(url));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("state.redis.url has no host: " + redact(url));
        }
        if (namespace == null || namespace.isBlank()) throw new IllegalArgumentException("state.redis.namespace is required");
        if (!namespace.matches("[A-Za-z0-9_.:-]+")) {
            throw new IllegalArgumentException("state.redis.namespace may hold letters, digits and _ . : - only, got: " + namespace);
        }
        Objects.requireNonNull(commandTimeout, "state.redis.commandTimeout");
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("state.redis.commandTimeout must be positive, got: " + commandTimeout);
        }
        if (commandTimeout.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("state.redis.commandTimeout must be at most 10 s (it must stay inside the"
                    + " decision deadline), got: " + commandTimeout);
        }
        if (maxPoolSize < 1) throw new IllegalArgumentException("state.redis.maxPoolSize must be at least 1, got: " + maxPoolSize);
        if (maxPoolWaiting < 1) {
            throw new IllegalArgumentException("state.redis.maxPoolWaiting must be at least 1, got: " + maxPoolWaiting);
        }
    }

    /** The keys of the state backend (the app declares them with its own). */
    public static final List<Option> OPTIONS = List.of(
            Option.of(BACKEND, STRING, "local",
                    "where the counters live: local (this node's memory, exact for one node) or redis (shared by every node "
                            + "with the same state.redis.url and namespace: caps, rates, SMS windows and credit exact across nodes)"),
            Option.of(URL, SECRET, DEFAULT_URL, "Redis of the redis backend: redis://[:password@]host:port/db, or rediss:// for TLS"),
            Option.of(NAMESPACE, STRING, DEFAULT_NAMESPACE,
                    "prefix of every Redis key; the nodes that count together use the same one"),
            Option.of(COMMAND_TIMEOUT, DURATION, "100ms",
                    "how long one Redis operation may wait (1ms..10s); keep it under state.timeout"),
            Option.of(MAX_POOL_SIZE, INT, Integer.toString(DEFAULT_MAX_POOL_SIZE), "connections to Redis per node"),
            Option.of(MAX_POOL_WAITING, INT, Integer.toString(DEFAULT_MAX_POOL_WAITING),
                    "operations that may wait for a free connection before new ones fail at once"),
            Option.of(LEASE_TIME, DURATION, "30s",
                    "with the redis backend, how long a node's trunk slot and a call's reserved credit count unless the "
                            + "node renews them (every third of it): a node that dies frees them within this bound (3s..1h)"),
            Option.of(FALLBACK, STRING, "none",
                    "with the redis backend, what a node does while Redis fails or is slow: none (each policy's "
                            + "onStateFailure, SMS refused with 503) or local (count on this node, each limit cut to its "
                            + "share among the live nodes, until a probe finds Redis again)"),
            Option.of(PROBE_INTERVAL, DURATION, "1s",
                    "with the redis backend, how often a node renews its entry among the live nodes and, while Redis "
                            + "is down, probes it (100ms..1m)"));

    /**
     * {@code state.redis.fallback}: true for {@code local}, false for {@code none}. With {@code local} a Redis call
     * must fail before the decision's own bound, so that the node still answers from its local counts:
     * {@code state.redis.commandTimeout} must be shorter than {@code stateTimeout} ({@code state.timeout}). A problem
     * is recorded in {@code view}, naming its key.
     */
    public static boolean localFallback(ConfigView view, Duration stateTimeout) {
        String v = view.text(FALLBACK).trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("none")) return false;
        if (!v.equals("local")) {
            view.problem(FALLBACK, "must be none or local, got '" + view.text(FALLBACK) + "'");
            return false;
        }
        Duration command = view.duration(COMMAND_TIMEOUT, Duration.ofMillis(1), Duration.ofSeconds(10));
        if (command.compareTo(stateTimeout) >= 0) {
            view.problem(COMMAND_TIMEOUT, "must be shorter than state.timeout (" + stateTimeout.toMillis()
                    + "ms) with state.redis.fallback: local, so that a decision still answers from the local counts; got "
                    + command.toMillis() + "ms");
        }
        return true;
    }

    /** {@code state.redis.probeInterval}, read and checked (a problem recorded in {@code view}). */
    public static Duration probeInterval(ConfigView view) {
        return view.duration(PROBE_INTERVAL, Duration.ofMillis(100), Duration.ofMinutes(1));
    }

    /** {@code state.leaseTime}, read and checked (a problem recorded in {@code view}). */
    public static Duration leaseTime(ConfigView view) {
        return view.duration(LEASE_TIME, Duration.ofSeconds(3), Duration.ofHours(1));
    }

    /**
     * The Redis settings when {@code state.backend} is {@code redis}, empty when it is {@code local}; every problem is
     * recorded in {@code view}, its key named.
     */
    public static Optional<RedisStateOptions> from(ConfigView view) {
        String backend = view.text(BACKEND).trim().toLowerCase(Locale.ROOT);
        if (!backend.equals("local") && !backend.equals("redis")) {
            view.problem(BACKEND, "must be local or redis, got '" + view.text(BACKEND) + "'");
            return Optional.empty();
        }
        Duration timeout = view.duration(COMMAND_TIMEOUT, Duration.ofMillis(1), Duration.ofSeconds(10));
        int size = view.integer(MAX_POOL_SIZE, 1, 256, "1..256");
        int waiting = view.integer(MAX_POOL_WAITING, 1, 100_000, "1..100000");
        if (!backend.equals("redis")) return Optional.empty();
        try {
            return Optional.of(new RedisStateOptions(view.text(URL).trim(), view.text(NAMESPACE).trim(), timeout, size, waiting));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String key = message.startsWith(NAMESPACE) ? NAMESPACE : message.startsWith(URL) ? URL : BACKEND;
            view.problem(key, message.startsWith(key) ? message.substring(key.length()).trim() : message);
            return Optional.empty();
        }
    }

    /** The defaults: the local Redis, namespace {@code callguard}, 100 ms. */
    public static RedisStateOptions defaults() { return of(DEFAULT_URL); }

    /** {@code url} with the other defaults. */
    public static RedisStateOptions of(String url) {
        return new RedisStateOptions(url, DEFAULT_NAMESPACE, DEFAULT_COMMAND_TIMEOUT, DEFAULT_MAX_POOL_SIZE,
                DEFAULT_MAX_POOL_WAITING);
    }

    public RedisStateOptions withNamespace(String ns) {
        return new RedisStateOptions(url, ns, commandTimeout, maxPoolSize, maxPoolWaiting);
    }

    public RedisStateOptions withCommandTimeout(Duration timeout) {
        return new RedisStateOptions(url, namespace, timeout, maxPoolSize, maxPoolWaiting);
    }

    public RedisStateOptions withPool(int size, int waiting) {
        return new RedisStateOptions(url, namespace, commandTimeout, size, waiting);
    }

    /** The URL without its password, for logs and messages. */
    public String redactedUrl() { return redact(url); }

    private static String redact(String url) { return url.replaceFirst("//[^@/]*@", "//***@"); }
}
