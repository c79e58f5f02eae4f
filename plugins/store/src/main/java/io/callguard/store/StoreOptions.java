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

    @Override public String toString() {
        return "StoreOptions[jdbcUrl=" + jdbcUrl + ", username=" + username + ", password=***, maximumPoolSize="
                + maximumPoolSize + ", connectionTimeout=" + connectionTimeout + "]";
    }
}
