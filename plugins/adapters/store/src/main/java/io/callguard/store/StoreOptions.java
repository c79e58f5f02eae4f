package io.callguard.store;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Durations;
import io.callguard.core.config.Option;

import java.time.Duration;
import java.util.List;

import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.SECRET;
import static io.callguard.core.config.OptionType.STRING;

/**
 * Store settings. The {@code store} configuration keys are declared here once ({@link #OPTIONS}) and read with their
 * bounds by {@link #from(ConfigView)}.
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

    /** Every {@code store} key, in documentation order, with the defaults above. */
    public static final List<Option> OPTIONS = List.of(
            Option.of("store.jdbcUrl", STRING, DEFAULT_URL, "JDBC URL: embedded H2 file or PostgreSQL"),
            Option.of("store.username", STRING, "", "database user (H2: sa when empty)"),
            Option.of("store.password", SECRET, "", "database password (never printed)"),
            Option.of("store.maximumPoolSize", INT, Integer.toString(DEFAULT_MAXIMUM_POOL_SIZE), "JDBC connection pool size"),
            Option.of("store.connectionTimeout", DURATION, Durations.format(DEFAULT_CONNECTION_TIMEOUT),
                    "how long to wait for a pooled connection"));

    /** Reads and checks the {@code store} keys; every problem is recorded in {@code view} (its key named), none thrown. */
    public static StoreOptions from(ConfigView view) {
        return new StoreOptions(
                jdbcUrl(view),
                view.text("store.username"),
                view.text("store.password"),
                view.integer("store.maximumPoolSize", 1, 64, "1..64"),
                // HikariCP refuses less than 250 ms
                view.duration("store.connectionTimeout", Duration.ofMillis(250), Duration.ofMinutes(10)));
    }

    private static String jdbcUrl(ConfigView view) {
        String v = view.text("store.jdbcUrl").trim();
        if (!v.startsWith("jdbc:") || v.length() <= "jdbc:".length()) {
            view.problem("store.jdbcUrl", "must be a JDBC URL starting with jdbc: (e.g. jdbc:h2:file:./data/callguard or "
                    + "jdbc:postgresql://host/db)");
        }
        return v;
    }

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
