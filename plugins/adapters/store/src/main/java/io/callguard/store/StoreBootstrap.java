package io.callguard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Validates {@link StoreOptions}, opens the pool and migrates the schema; nothing here ever prints a password. */
final class StoreBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    static final String POOL_NAME = "callguard-store";
    static final int MAX_POOL_SIZE = 64;
    static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

    private StoreBootstrap() { }

    /** @throws IllegalArgumentException naming the offending {@code store.*} key */
    static void validate(StoreOptions options) {
        String url = options.jdbcUrl();
        if (url == null || !(url.startsWith(JdbcUrls.H2_PREFIX) || url.startsWith(JdbcUrls.POSTGRES_PREFIX))) {
            throw new IllegalArgumentException("store.jdbcUrl must start with " + JdbcUrls.H2_PREFIX + " or "
                    + JdbcUrls.POSTGRES_PREFIX + " (got: " + JdbcUrls.redact(url) + ")");
        }
        if (options.maximumPoolSize() < 1 || options.maximumPoolSize() > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("store.maximumPoolSize must be between 1 and " + MAX_POOL_SIZE
                    + " (got: " + options.maximumPoolSize() + ")");
        }
        Duration timeout = options.connectionTimeout();
        if (timeout == null || timeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
            throw new IllegalArgumentException("store.connectionTimeout must be at least "
                    + MIN_CONNECTION_TIMEOUT.toMillis() + " ms (got: " + (timeout == null ? "none" : timeout.toMillis() + " ms") + ")");
        }
    }

    /** Opens the pool (failing fast when the database cannot be reached) and applies the migrations. */
    static HikariDataSource openAndMigrate(StoreOptions options, Map<String, List<String>> moduleMigrations) {
        return openAndMigrate(options, moduleMigrations, null);
    }

    /** @param registry where HikariCP reports the pool ({@code hikaricp_*}, docs/metrics.md); null = nowhere */
    static HikariDataSource openAndMigrate(StoreOptions options, Map<String, List<String>> moduleMigrations,
                                           io.micrometer.core.instrument.MeterRegistry registry) {
        validate(options);
        String safeUrl = JdbcUrls.redact(options.jdbcUrl());
        // Credentials leave the URL here, so that drivers, Hikari and Flyway only ever see a URL without them.
        JdbcUrls.Credentials credentials = JdbcUrls.extractCredentials(options.jdbcUrl());
        String password = firstNonEmpty(options.password(), credentials.password());
        boolean h2 = JdbcUrls.isH2(credentials.url());
        String username = firstNonEmpty(options.username(), credentials.user());
        if (h2 && username.isEmpty()) username = "sa";
        String url = h2 ? JdbcUrls.withH2Defaults(credentials.url()) : credentials.url();
        if (h2) createParentDirectory(safeUrl, url);

        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(options.maximumPoolSize());
        config.setConnectionTimeout(options.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(options.connectionTimeout().toMillis(), 5_000));
        if (registry != null) {
            config.setMetricsTrackerFactory(new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(registry));
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to " + safeUrl + ": " + describe(e, password), e);
        }
        try {
            String schema = h2 ? null : JdbcUrls.postgresCurrentSchema(url).orElse(null);
            migrate(url, username, password, schema, h2);
            for (Map.Entry<String, List<String>> m : moduleMigrations.entrySet()) {
                if (!m.getValue().isEmpty()) migrateModule(url, username, password, schema, m.getKey(), m.getValue());
            }
        } catch (FlywayException e) {
            pool.close();
            throw new StoreException("cannot migrate the schema of " + safeUrl + ": " + describe(e, password), e);
        }
        LOG.info("store open: {} (pool {} of {})", safeUrl, POOL_NAME, options.maximumPoolSize());
        return pool;
    }

    /**
     * Flyway holds two connections at once (history lock and migration), so it gets its own rather than the pool,
     * which may have only one.
     *
     * Migrations that need each database's own SQL (partitions, triggers) live in {@code db/vendor/h2} and
     * {@code db/vendor/postgresql}, numbered in the same sequence as the shared ones (V6 is the first).
     *
     * @param schema PostgreSQL's {@code currentSchema}, which Flyway creates when missing; null for the default
     */
    private static void migrate(String url, String username, String password, String schema, boolean h2) {
        var configuration = Flyway.configure(Store.class.getClassLoader())
                .dataSource(url, username, password)
                .locations("classpath:db/migration", "classpath:db/vendor/" + (h2 ? "h2" : "postgresql"))
                .failOnMissingLocations(true);
        if (schema != null) configuration.defaultSchema(schema).schemas(schema);
        configuration.load().migrate();
    }

    /**
     * A rule module's migrations, tracked in a history table of its own. Its first run meets a schema the core already
     * filled: the history starts from a baseline at version 0, so that the module's V1 applies.
     */
    private static void migrateModule(String url, String username, String password, String schema, String module,
                                      List<String> locations) {
        var configuration = Flyway.configure(Store.class.getClassLoader())
                .dataSource(url, username, password)
                .locations(locations.toArray(String[]::new))
                .table("flyway_history_" + module.replaceAll("[^A-Za-z0-9]", "_"))
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .failOnMissingLocations(true);
        if (schema != null) configuration.defaultSchema(schema).schemas(schema);
        configuration.load().migrate();
    }

    private static void createParentDirectory(String safeUrl, String url) {
        Path parent = JdbcUrls.h2File(url).map(Path::getParent).orElse(null);
        if (parent == null) return;
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StoreException("cannot create the directory " + parent + " for " + safeUrl + ": " + e, e);
        }
    }

    /** The driver's own words (the first SQLException in the chain), with the password masked should one echo it. */
    private static String describe(Throwable e, String password) {
        Throwable chosen = e;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException) { chosen = t; break; }
        }
        String message = chosen.getMessage() == null ? chosen.getClass().getSimpleName() : chosen.getMessage();
        return password.isEmpty() ? message : message.replace(password, "***");
    }

    private static String firstNonEmpty(String preferred, String fallback) {
        if (preferred != null && !preferred.isEmpty()) return preferred;
        return fallback == null ? "" : fallback;
    }
}
