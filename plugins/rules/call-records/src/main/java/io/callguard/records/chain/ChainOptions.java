package io.callguard.records.chain;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Option;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.STRING;

/**
 * The record chain's configuration keys (section {@code records}), declared once with their defaults, and their
 * reading: every problem is recorded in the view with its key, none thrown.
 *
 * @param node               the name of this node's chain
 * @param queueCapacity      records waiting in memory for the store before they spill to a file
 * @param batchSize          most entries stored in one transaction
 * @param writeInterval      how often the writer stores what waits
 * @param retryMaxDelay      longest wait between two attempts while the store fails (doubling from writeInterval)
 * @param spillDir           where records wait when the queue is full (append-only file, replayed in order)
 * @param signingKeyFile     the Ed25519 private key (PKCS#8) that signs checkpoints; created on first start when absent
 * @param checkpointEvery    a checkpoint after this many entries
 * @param checkpointInterval and at least this often while entries are written
 * @param checkpointFile     every checkpoint also appended here (one JSON line), empty when none
 */
public record ChainOptions(String node, int queueCapacity, int batchSize, Duration writeInterval, Duration retryMaxDelay,
                           Path spillDir, Path signingKeyFile, int checkpointEvery, Duration checkpointInterval,
                           Optional<Path> checkpointFile) {
    public static final String NODE = "records.node";
    /** The app's node name, this chain's default name. */
    static final String NODE_ID = "node.id";
    public static final String QUEUE_CAPACITY = "records.queueCapacity";
    public static final String BATCH_SIZE = "records.batchSize";
    public static final String WRITE_INTERVAL = "records.writeInterval";
    public static final String RETRY_MAX_DELAY = "records.retryMaxDelay";
    public static final String SPILL_DIR = "records.spillDir";
    public static final String SIGNING_KEY_FILE = "records.signingKeyFile";
    public static final String CHECKPOINT_EVERY = "records.checkpointEvery";
    public static final String CHECKPOINT_INTERVAL = "records.checkpointInterval";
    public static final String CHECKPOINT_FILE = "records.checkpointFile";

    /** Every key of the chain, in documentation order (docs/rules/call-records.md, "Settings"). */
    public static final List<Option> OPTIONS = List.of(
            Option.of(NODE, STRING, "", "name of this node's record chain (empty = node.id, else the machine's host name); one writer per name"),
            Option.of(QUEUE_CAPACITY, INT, "10000", "records waiting in memory for the store; beyond, they spill to records.spillDir"),
            Option.of(BATCH_SIZE, INT, "500", "most records stored in one transaction"),
            Option.of(WRITE_INTERVAL, DURATION, "1s", "how often waiting records are stored (kill -9 loses at most this much plus one commit, shown as a gap)"),
            Option.of(RETRY_MAX_DELAY, DURATION, "30s", "longest wait between two attempts while the store fails (doubling from records.writeInterval)"),
            Option.of(SPILL_DIR, STRING, "./data/records-spill", "directory of the append-only file records wait in when the queue is full, replayed in order"),
            Option.of(SIGNING_KEY_FILE, STRING, "./data/records-signing-key.pem",
                    "Ed25519 private key (PKCS#8, PEM or Base64) signing the checkpoints, kept outside the database; created (0600) with its .pub on first start when absent"),
            Option.of(CHECKPOINT_EVERY, INT, "1000", "a signed checkpoint after this many records"),
            Option.of(CHECKPOINT_INTERVAL, DURATION, "60s", "and at least this often while records are written"),
            Option.of(CHECKPOINT_FILE, STRING, "", "file every checkpoint is also appended to, one JSON line each (empty = none)"));

    /** Reads and checks the keys; each problem is recorded in {@code view} (its key named). */
    public static ChainOptions from(ConfigView view) {
        String node = view.text(NODE).trim();
        if (node.isEmpty()) {
            // the node's own name (node.id, checked by the app with the same pattern), else the host name: two nodes
            // on one host (or containers sharing a name) must not write one chain
            String nodeId = view.text(NODE_ID).trim();
            node = nodeId.matches("[A-Za-z0-9._-]{1,64}") ? nodeId : hostName();
        } else if (!node.matches("[A-Za-z0-9._-]{1,64}")) {
            view.problem(NODE, "must be 1 to 64 letters, digits, '.', '_' or '-', got '" + node + "'");
            node = "invalid";
        }
        int capacity = view.integer(QUEUE_CAPACITY, 1, 10_000_000, "1..10000000");
        int batch = view.integer(BATCH_SIZE, 1, 10_000, "1..10000");
        Duration interval = view.duration(WRITE_INTERVAL, Duration.ofMillis(1), Duration.ofMinutes(1));
        Duration retryMax = view.duration(RETRY_MAX_DELAY, Duration.ofMillis(1), Duration.ofHours(1));
        if (retryMax.compareTo(interval) < 0) {
            view.problem(RETRY_MAX_DELAY, "must be at least " + WRITE_INTERVAL + " (" + io.callguard.core.config.Durations.format(interval)
                    + "), got " + io.callguard.core.config.Durations.format(retryMax));
            retryMax = interval;
        }
        Path spill = path(view, SPILL_DIR, true).orElse(Path.of("records-spill"));
        Path key = path(view, SIGNING_KEY_FILE, true).orElse(Path.of("records-signing-key.pem"));
        int every = view.integer(CHECKPOINT_EVERY, 1, 10_000_000, "1..10000000");
        Duration cpInterval = view.duration(CHECKPOINT_INTERVAL, Duration.ofMillis(1), Duration.ofDays(1));
        return new ChainOptions(node, capacity, batch, interval, retryMax, spill, key, every, cpInterval,
                path(view, CHECKPOINT_FILE, false));
    }

    private static Optional<Path> path(ConfigView view, String key, boolean required) {
        String text = view.text(key).trim();
        if (text.isEmpty()) {
            if (required) view.problem(key, "must be a file path, got ''");
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(text));
        } catch (InvalidPathException e) {
            view.problem(key, "must be a file path, got '" + text + "' (" + e.getReason() + ")");
            return Optional.empty();
        }
    }

    /** The machine's host name, the default node name ({@code localhost} when it cannot be told). */
    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && env.matches("[A-Za-z0-9._-]{1,64}")) return env;
        try {
            String h = InetAddress.getLocalHost().getHostName();
            if (h != null && h.matches("[A-Za-z0-9._-]{1,64}")) return h;
        } catch (UnknownHostException e) {
            // fall through: a machine without a resolvable name
        }
        return "localhost";
    }
}
