package io.callguard.store;

import io.callguard.core.cluster.ChangeListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * LISTEN/NOTIFY between feeds on the PostgreSQL of this machine, each schema its own channel: a publication reaches
 * the other nodes' listeners of its kind, never its own node's, nor a store in another schema; what is not a
 * notification of ours is ignored. Skipped when PostgreSQL is down, unless {@code CI=true}.
 */
class PostgresChangeFeedTest {
    private static final String BASE_URL = env("CALLGUARD_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = env("CALLGUARD_TEST_PG_USER", "postgres");
    private static final String PASSWORD = env("CALLGUARD_TEST_PG_PASSWORD", "");
    private static final String SCHEMA = "cg_feed_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String OTHER_SCHEMA = SCHEMA + "_x";
    /** How long a notification may take to arrive (it takes milliseconds). */
    private static final long ARRIVAL_MS = 2000;
    private static String unavailable;
    private static Store store;
    private static Store otherStore;
    private final List<PostgresChangeFeed> feeds = new ArrayList<>();

    @BeforeAll
    static void open() {
        try {
            connectDirectly().close();
        } catch (SQLException e) {
            unavailable = "PostgreSQL not reachable at " + JdbcUrls.redact(BASE_URL) + " (" + e.getMessage() + ")";
            if ("true".equals(System.getenv("CI"))) fail(unavailable + ": CI=true makes this a failure");
            return;
        }
        store = Store.open(options(SCHEMA));
        otherStore = Store.open(options(OTHER_SCHEMA));
    }

    @AfterAll
    static void drop() throws SQLException {
        if (unavailable != null) return;
        store.close();
        otherStore.close();
        try (Connection c = connectDirectly(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("DROP SCHEMA IF EXISTS " + OTHER_SCHEMA + " CASCADE");
        }
    }

    @AfterEach
    void closeFeeds() { feeds.forEach(PostgresChangeFeed::close); }

    private static void requirePostgres() {
        Assumptions.assumeTrue(unavailable == null, () -> unavailable + ": skipping; set CI=true to make this a failure");
    }

    private PostgresChangeFeed feed(Store on, String node) {
        PostgresChangeFeed f = new PostgresChangeFeed(on, node);
        f.start();
        feeds.add(f);
        return f;
    }

    /** What a feed's listener of {@code kind} hears: the ids, "*" for a full reload. */
    private static BlockingQueue<String> heard(PostgresChangeFeed feed, String kind) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        feed.subscribe(kind, ChangeListener.of(q::add, () -> q.add("*")));
        return q;
    }

    private static String next(BlockingQueue<String> q) throws InterruptedException {
        String s = q.poll(ARRIVAL_MS, TimeUnit.MILLISECONDS);
        assertThat(s).as("a notification within " + ARRIVAL_MS + " ms").isNotNull();
        return s;
    }

    @Test
    void aPublicationReachesTheOtherNodesListenersOfItsKindButNotItsOwnNodes() throws Exception {
        requirePostgres();
        PostgresChangeFeed a = feed(store, "node-a");
        PostgresChangeFeed b = feed(store, "node-b");
        BlockingQueue<String> onA = heard(a, "suspension");
        BlockingQueue<String> onB = heard(b, "suspension");
        BlockingQueue<String> otherKindOnB = heard(b, "cti.api-key");
        assertThat(a.channel()).isEqualTo("callguard_changes_" + SCHEMA);
        assertThat(a.shared()).isTrue();

        a.publish("suspension", "S1");
        a.publish("cti.api-key", "k1");
        assertThat(next(onB)).isEqualTo("S1");
        assertThat(next(otherKindOnB)).isEqualTo("k1");
        // B publishes after: once A hears B's, A would have heard its own earlier one already (one channel, in order)
        b.publish("suspension", "S2");
        assertThat(next(onA)).isEqualTo("S2");
        assertThat(onA).as("A's own publication").isEmpty();
    }

    @Test
    void twoProcessesGivenTheSameNodeIdStillHearEachOther() throws Exception {
        requirePostgres();
        PostgresChangeFeed first = feed(store, "same-host");
        PostgresChangeFeed second = feed(store, "same-host");
        BlockingQueue<String> onSecond = heard(second, "directory.account");
        first.publish("directory.account", "acme");
        assertThat(next(onSecond)).isEqualTo("acme");
    }

    @Test
    void anotherSchemasStoreIsNotHeardAndStrangeNotificationsAreIgnored() throws Exception {
        requirePostgres();
        PostgresChangeFeed a = feed(store, "node-a");
        PostgresChangeFeed elsewhere = feed(otherStore, "node-x");
        BlockingQueue<String> onA = heard(a, "suspension");
        elsewhere.publish("suspension", "S-elsewhere");
        try (Connection c = connectDirectly(); PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            for (String payload : new String[] {"garbage", "node-z\nsuspension"}) {
                ps.setString(1, a.channel());
                ps.setString(2, payload);
                ps.execute();
            }
        }
        // an id unfit for a notification is not sent (the periodic reload carries it)
        PostgresChangeFeed b = feed(store, "node-b");
        b.publish("suspension", "two\nlines");
        b.publish("suspension", "x".repeat(PostgresChangeFeed.MAX_PAYLOAD_BYTES));
        b.publish("suspension", "S-after");
        assertThat(next(onA)).as("the first notification A takes").isEqualTo("S-after");
        assertThat(onA).isEmpty();
    }

    @Test
    void aClosedFeedStopsListeningAndReleasesItsConnection() throws Exception {
        requirePostgres();
        PostgresChangeFeed a = feed(store, "node-closing");
        assertThat(a.connected()).isTrue();
        assertThat(listeningConnections(a)).isEqualTo(1);
        a.close();
        assertThat(a.connected()).isFalse();
        // the server ends the backend just after the client's Terminate: asked again for a bounded time
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ARRIVAL_MS);
        while (listeningConnections(a) > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(listeningConnections(a)).isZero();
    }

    @Test
    void aNodeIdIsShortWithoutControlCharactersAndH2IsNotShared(@TempDir Path dir) {
        requirePostgres();
        for (String bad : new String[] {"", " ", "a\nb", "x".repeat(201)}) {
            assertThatThrownBy(() -> new PostgresChangeFeed(store, bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("node.id:");
        }
        try (Store h2 = Store.open(new StoreOptions("jdbc:h2:file:" + dir.resolve("h2"), "", "", 1, Duration.ofSeconds(5)))) {
            assertThat(h2.postgres()).isFalse();
            assertThatThrownBy(() -> new PostgresChangeFeed(h2, "node")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PostgreSQL");
        }
    }

    private static int listeningConnections(PostgresChangeFeed feed) throws SQLException {
        try (Connection c = connectDirectly(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, feed.applicationName());
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static StoreOptions options(String schema) {
        return new StoreOptions(BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, USER,
                PASSWORD, 2, Duration.ofSeconds(5));
    }

    private static Connection connectDirectly() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "3");
        return DriverManager.getConnection(BASE_URL, properties);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
