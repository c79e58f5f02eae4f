package io.callguard.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

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
            throw new IllegalArgumentException("state.redis.url is not a URL: " + url);
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("state.redis.url must start with redis:// or rediss://, got: " + url);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("state.redis.url has no host: " + url);
        }
        if (namespace == null || namespace.isBlank()) throw new IllegalArgumentException("state.redis.namespace is required");
        if (!namespace.matches("[A-Za-z0-9_.:-]+")) {
            throw new IllegalArgumentException("state.redis.namespace may hold letters, digits and _ . : - only, got: " + namespace);
        }
        Objects.requireNonNull(commandTimeout, "state.redis.command-timeout");
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("state.redis.command-timeout must be positive, got: " + commandTimeout);
        }
        if (commandTimeout.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("state.redis.command-timeout must be at most 10 s (it must stay inside the"
                    + " decision deadline), got: " + commandTimeout);
        }
        if (maxPoolSize < 1) throw new IllegalArgumentException("state.redis.max-pool-size must be at least 1, got: " + maxPoolSize);
        if (maxPoolWaiting < 1) {
            throw new IllegalArgumentException("state.redis.max-pool-waiting must be at least 1, got: " + maxPoolWaiting);
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
    public String redactedUrl() { return url.replaceFirst("//[^@/]*@", "//***@"); }
}
