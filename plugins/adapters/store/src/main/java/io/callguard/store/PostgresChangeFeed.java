package io.callguard.store;

import io.callguard.core.cluster.ChangeFeed;
import io.callguard.core.cluster.ChangeListener;
import io.callguard.core.cluster.ChangeListeners;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;

/**
 * The configuration changes between the nodes sharing one PostgreSQL store, by {@code LISTEN/NOTIFY}.
 *
 * <p>{@link #publish} sends {@code pg_notify(channel, payload)} on a pool connection once the write committed; the
 * payload is {@code node id/random part, kind, id} separated by newlines (under 8000 bytes: {@link ChangeListeners#MAX_LENGTH}
 * each). The channel is {@code callguard_changes}, suffixed with the schema when it is not {@code public}, so that two
 * stores in one database do not hear each other.
 *
 * <p>One dedicated connection (outside the pool, held for good, {@code ApplicationName = callguard-changes:<node>})
 * on a daemon thread does {@code LISTEN} and waits in {@code getNotifications}; the listeners are told on that thread,
 * one notification after another. Notifications this node sent are ignored (it updated its own caches). When the
 * connection drops (or a quiet one does not answer a check every 5 s) it reconnects with a growing pause (0.1 s to
 * 5 s) and, since notifications were missed meanwhile, then runs every listener's full reload.
 */
public final class PostgresChangeFeed implements ChangeFeed, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresChangeFeed.class);
    public static final String CHANNEL = "callguard_changes";
    /** PostgreSQL refuses payloads of 8000 bytes and more. */
    static final int MAX_PAYLOAD_BYTES = 7999;
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);
    /** How long one wait for notifications lasts: also how soon a close is noticed. */
    private static final int POLL_MILLIS = 250;
    /**
     * A quiet connection is checked this often (a round trip within {@link #CHECK_TIMEOUT_SECONDS}): a link cut without
     * a reset (no FIN, no RST) would otherwise wait in silence and never be noticed.
     */
    private static final long CHECK_EVERY_NANOS = Duration.ofSeconds(5).toNanos();
    private static final int CHECK_TIMEOUT_SECONDS = 2;

    private final Store store;
    private final String nodeId;
    /** The node id and a random part drawn at each start: two processes given one node id still hear each other. */
    private final String sender;
    private final ChangeListeners listeners = new ChangeListeners();
    private final String channel;
    private final Object pause = new Object();
    private volatile boolean closed;
    private volatile Connection listening;
    private volatile boolean connected;
    private Thread thread;

    /** Reads the channel's name (the schema's); {@link #start} listens. Blocking. */
    public PostgresChangeFeed(Store store, String nodeId) {
        this.store = Objects.requireNonNull(store, "store");
        this.nodeId = checkNodeId(nodeId);
        this.sender = nodeId + "/" + java.util.HexFormat.of().toHexDigits(new java.security.SecureRandom().nextInt());
        if (!store.postgres()) throw new IllegalArgumentException("a change feed over LISTEN/NOTIFY needs PostgreSQL");
        this.channel = store.withConnection("read the current schema", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_schema()")) {
                String schema = rs.next() ? rs.getString(1) : null;
                return schema == null || schema.equals("public") ? CHANNEL : CHANNEL + "_" + schema;
            }
        });
    }

    /** A node id: 1 to 200 characters, no control character (it travels in every notification). */
    public static String checkNodeId(String nodeId) {
        if (nodeId == null || nodeId.isBlank() || nodeId.length() > ChangeListeners.MAX_LENGTH
                || nodeId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("node.id: 1 to " + ChangeListeners.MAX_LENGTH
                    + " characters without control characters, got '" + nodeId + "'");
        }
        return nodeId;
    }

    /** The channel this feed notifies and listens on. */
    public String channel() { return channel; }

    /** The application name of the listening connection, as {@code pg_stat_activity} shows it. */
    public String applicationName() { return "callguard-changes:" + nodeId; }

    /** Whether the listening connection is up (LISTEN done). */
    public boolean connected() { return connected; }

    /**
     * Opens the listening connection (a failure here fails the start: the store was just reachable) and starts the
     * thread that waits on it.
     */
    public synchronized void start() {
        if (thread != null) throw new IllegalStateException("already started");
        try {
            listening = listen();
        } catch (SQLException e) {
            throw new StoreException("listen on " + channel + " at " + store.safeUrl() + ": " + e.getMessage(), e);
        }
        connected = true;
        thread = new Thread(this::run, "callguard-changes");
        thread.setDaemon(true);
        thread.start();
        LOG.info("configuration changes: listening on {} as node '{}'", channel, nodeId);
    }

    @Override
    public void publish(String kind, String id) {
        ChangeListeners.checkKind(kind);
        String payload = sender + "\n" + kind + "\n" + (id == null ? "" : id);
        if (id != null && (id.indexOf('\n') >= 0 || payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES)) {
            LOG.warn("change of {} not sent (id unfit for a notification): the periodic reload will carry it", kind);
            return;
        }
        try {
            store.withConnection("notify a change of " + kind, c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                    ps.setString(1, channel);
                    ps.setString(2, payload);
                    ps.execute();
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("change of {} '{}' not sent to the other nodes (the periodic reload will carry it): {}", kind, id,
                    e.toString());
        }
    }

    @Override public Runnable subscribe(String kind, ChangeListener listener) { return listeners.subscribe(kind, listener); }

    @Override public void reloadAll() { listeners.reloadAll(); }

    @Override public boolean shared() { return true; }

    private Connection listen() throws SQLException {
        Connection c = store.dedicatedConnection(applicationName());
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        long lastHeard = System.nanoTime();
        while (!closed) {
            Connection c = listening;
            try {
                if (c == null) {
                    c = listen();
                    listening = c;
                    connected = true;
                    retry = FIRST_RETRY;
                    LOG.info("configuration changes: listening again on {}; reloading everything (notifications may "
                            + "have been missed)", channel);
                    listeners.reloadAll();
                }
                PGNotification[] received = c.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
                if (received != null && received.length > 0) {
                    lastHeard = System.nanoTime();
                    for (PGNotification n : received) received(n.getParameter());
                } else if (System.nanoTime() - lastHeard > CHECK_EVERY_NANOS) {
                    if (!c.isValid(CHECK_TIMEOUT_SECONDS)) throw new SQLException("no answer within " + CHECK_TIMEOUT_SECONDS + " s");
                    lastHeard = System.nanoTime();
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) break;
                connected = false;
                listening = null;
                closeQuietly(c);
                LOG.warn("configuration changes: listening connection lost ({}); retrying in {} ms", e.toString(),
                        retry.toMillis());
                pause(retry);
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
            }
        }
        connected = false;
        closeQuietly(listening);
    }

    /** One notification: another node's change is told to the listeners of its kind; this node's own is ignored. */
    void received(String payload) {
        String[] parts = payload == null ? new String[0] : payload.split("\n", 3);
        if (parts.length != 3) {
            LOG.warn("configuration changes: notification ignored (not node/kind/id): '{}'", payload);
            return;
        }
        if (parts[0].equals(sender)) return;
        listeners.deliver(parts[1], parts[2].isEmpty() ? null : parts[2]);
    }

    private void pause(Duration d) {
        synchronized (pause) {
            if (closed) return;
            try {
                pause.wait(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
        }
    }

    /** Stops listening and closes the dedicated connection; waits for the thread (up to a few seconds). */
    @Override
    public void close() {
        closed = true;
        synchronized (pause) { pause.notifyAll(); }
        Thread t;
        synchronized (this) { t = thread; }
        if (t == null) return;
        try {
            t.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(listening);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException | RuntimeException ignored) {
            // closing a broken connection: nothing more to do
        }
    }
}
