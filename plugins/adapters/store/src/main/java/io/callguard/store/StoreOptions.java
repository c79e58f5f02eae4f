package io.callguard.store;

import java.time.Duration;

/**
 * Store settings.
 *
 * @param jdbcUrl           default {@code jdbc:h2:file:./data/callguard} (embedded); PostgreSQL by its JDBC URL
 * @param username          default empty (H2: "sa" is used when empty)
 * @param password          default empty; never logged
 * @param maximumPoolSize   default 4
 * @param connectionTimeout default 5 s
 */
public record StoreOptions(String jdbcUrl, String username, String password, int maximumPoolSize,
                           Duration connectionTimeout) {
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/callguard";
    public static final int DEFAULT_MAXIMUM_POOL_SIZE = 4;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    /** The embedded H2 database under {@code ./data/} with the default pool. */
    public static StoreOptions defaults() {
        return new StoreOptions(DEFAULT_URL, "", "", DEFAULT_MAXIMUM_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
    }

    /** The same settings with another URL (user and password stay). */
    public StoreOptions withJdbcUrl(String url) {
        return new StoreOptions(url, username, password, maximumPoolSize, connectionTimeout);
    }

    @Override public String toString() {
        return "StoreOptions[jdbcUrl=" + JdbcUrls.redact(jdbcUrl) + ", username=" + username
                + ", password=***, maximumPoolSize=" + maximumPoolSize + ", connectionTimeout=" + connectionTimeout + "]";
    }
}
