package io.callguard.bench;

import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Checkpoint;
import io.callguard.core.records.RecordEntry;
import io.callguard.records.chain.CheckpointSigner;
import io.callguard.store.SqlRecordRepository;
import io.callguard.store.Store;
import io.callguard.store.StoreOptions;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Loads a year of call records into a PostgreSQL store for the "Call records at scale" figures of testbed/README.md
 * (testbed/bench/records-bench.sh runs it).
 * <ol>
 *   <li>The store is opened and migrated as the server does it ({@link Store#open}), so the tables, partitions and
 *       guards are the shipped ones.</li>
 *   <li>Records are generated in seq order (one node's chain, every hash computed by {@link RecordEntry#chain}, a
 *       checkpoint signed every {@code --checkpoint-every} entries as the writer does): a year of a small operator,
 *       calls spread over the hours of the day and the days of the week, a few hundred accounts of Zipf sizes (the
 *       largest holds about a sixth of the calls).</li>
 *   <li>The first {@code --append-records} go through {@link SqlRecordRepository#append} in batches of
 *       {@code --batch} (the writer's default, 500) on one thread, as the node's writer does: that is the insert
 *       throughput figure. The rest go through COPY (the PostgreSQL driver's CopyManager), only to fill the table
 *       quickly; their months' partitions are created first with the same {@code record_ensure_partition} the
 *       repository calls, and the chain head is moved to the last entry.</li>
 * </ol>
 * It then runs ANALYZE and prints, as {@code key=value} lines (also written to {@code --out}), the figures and the
 * accounts worth querying: the largest account's busiest month and a median account's.
 */
public final class RecordsAtScale {
    private static final String COPY = "COPY record_entry (node, seq, written_at, kind, started_at, unique_id, linked_id,"
            + " account_id, trunk_id, direction, caller, callee_dialled, callee_normalised, category, category_detail,"
            + " verdict, reason, answered_at, ended_at, billable_seconds, disposition, cause, asterisk_node, adopted,"
            + " gap_to, gap_reason, prev_hash, hash) FROM STDIN";
    private static final String COPY_CHECKPOINTS = "COPY record_checkpoint (node, seq, head_hash, at, key_id, signature)"
            + " FROM STDIN";
    /** Rows per COPY statement (each its own transaction): progress is visible and a failure loses little. */
    private static final int COPY_CHUNK = 500_000;

    private RecordsAtScale() { }

    public static void main(String[] argv) throws Exception {
        Args a;
        try {
            a = Args.parse(argv, java.util.Set.of("continue"), java.util.Set.of("top-append", "top-month", "jdbc-url", "records", "append-records", "batch",
                    "accounts", "node", "months", "last-month", "key", "checkpoint-every", "out", "seed"));
        } catch (IllegalArgumentException e) {
            System.err.println("records-at-scale: " + e.getMessage());
            System.exit(2);
            return;
        }
        String url = a.string("jdbc-url", null);
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            System.err.println("records-at-scale: --jdbc-url jdbc:postgresql://... is required (the figures are PostgreSQL's)");
            System.exit(2);
        }
        int records = a.integer("records", 10_000_000, 1, 500_000_000);
        int appendRecords = Math.min(records, a.integer("append-records", 200_000, 0, 500_000_000));
        int batch = a.integer("batch", 500, 1, 10_000);
        int accounts = a.integer("accounts", 300, 1, 100_000);
        int months = a.integer("months", 12, 1, 120);
        int checkpointEvery = a.integer("checkpoint-every", 1000, 1, 10_000_000);
        String node = a.string("node", "bench-node");
        YearMonth lastMonth = YearMonth.parse(a.string("last-month",
                YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString()));
        Path keyFile = Path.of(a.string("key", "records-signing-key.pem"));
        Path out = a.has("out") ? Path.of(a.string("out", null)) : null;
        long seed = Long.parseLong(a.string("seed", "14"));
        int topAppend = a.integer("top-append", 0, 0, 100_000_000);
        YearMonth topMonth = YearMonth.parse(a.string("top-month", YearMonth.now(ZoneOffset.UTC).toString()));
        if (a.has("continue")) {
            topAppend(url, node, accounts, topMonth, topAppend, batch, checkpointEvery, keyFile, seed, out);
            return;
        }

        CheckpointSigner signer = Files.exists(keyFile) ? CheckpointSigner.load(keyFile) : CheckpointSigner.create(keyFile);
        YearOfCalls gen = new YearOfCalls(new SplittableRandom(seed), records, accounts, lastMonth.minusMonths(months - 1),
                lastMonth, node);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("records", records);
        figures.put("accounts", accounts);
        figures.put("months", months + " (" + gen.firstMonth + " .. " + lastMonth + ")");
        PrintStream o = System.out;

        try (Store store = Store.open(StoreOptions.defaults().withJdbcUrl(url))) {
            SqlRecordRepository repo = new SqlRecordRepository(store);
            List<Checkpoint> checkpoints = new ArrayList<>();

            // 1. the writer's path: append in batches, one thread, checkpoints saved as they fall due
            long t0 = System.nanoTime();
            long appendNanos = append(repo, gen, appendRecords, batch, checkpointEvery, signer, node);
            if (appendRecords > 0) {
                double wall = (System.nanoTime() - t0) / 1e9;
                double inStore = appendNanos / 1e9;
                figures.put("append.records", appendRecords);
                figures.put("append.batch", batch);
                figures.put("append.seconds", fmt(inStore));
                figures.put("append.recordsPerSecond", Math.round(appendRecords / inStore));
                figures.put("append.withGenerationRecordsPerSecond", Math.round(appendRecords / wall));
                o.printf("append: %,d records in batches of %d through SqlRecordRepository.append: %.1f s in the store"
                        + " = %,d records/s (%,d records/s with generation and hashing)%n", appendRecords, batch, inStore,
                        Math.round(appendRecords / inStore), Math.round(appendRecords / wall));
            }

            // 2. the rest by COPY, in the months' own partitions
            int rest = records - appendRecords;
            if (rest > 0) {
                try (Connection c = DriverManager.getConnection(url)) {
                    for (YearMonth m = gen.firstMonth; !m.isAfter(lastMonth); m = m.plusMonths(1)) {
                        try (PreparedStatement ps = c.prepareStatement("SELECT record_ensure_partition(?)")) {
                            ps.setObject(1, m.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC));
                            try (ResultSet r = ps.executeQuery()) {
                                r.next();
                                if (!r.getBoolean(1)) o.println("warning: the rows of " + m + " already sit in DEFAULT");
                            }
                        }
                    }
                    long s = System.nanoTime();
                    RecordEntry lastEntry = null;
                    int done = 0;
                    StringBuilder sb = new StringBuilder(1 << 20);
                    while (done < rest) {
                        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
                        int chunk = Math.min(COPY_CHUNK, rest - done);
                        for (int i = 0; i < chunk; i++) {
                            RecordEntry e = gen.next();
                            row(sb, e);
                            if (e.seq() % checkpointEvery == 0) {
                                checkpoints.add(signer.sign(node, e.seq(), e.hash(), e.writtenAt()));
                            }
                            if (sb.length() > (1 << 20) - 4096) flush(copy, sb);
                            lastEntry = e;
                        }
                        flush(copy, sb);
                        copy.endCopy();
                        done += chunk;
                        double el = (System.nanoTime() - s) / 1e9;
                        o.printf("copy: %,d / %,d records, %.0f s, %,d records/s%n", done, rest, el, Math.round(done / el));
                    }
                    CopyIn cp = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_CHECKPOINTS);
                    for (Checkpoint k : checkpoints) {
                        sb.append(k.node()).append('\t').append(k.seq()).append('\t').append(k.headHash()).append('\t')
                                .append(k.at()).append('\t').append(k.keyId()).append('\t').append(k.signature()).append('\n');
                    }
                    flush(cp, sb);
                    cp.endCopy();
                    // the head moves as append would have moved it: the chain ends at the last entry
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE record_chain_head SET last_seq = ?, last_hash = ? WHERE node = ?")) {
                        ps.setLong(1, lastEntry.seq());
                        ps.setString(2, lastEntry.hash());
                        ps.setString(3, node);
                        if (ps.executeUpdate() != 1) {
                            try (PreparedStatement ins = c.prepareStatement(
                                    "INSERT INTO record_chain_head (node, last_seq, last_hash) VALUES (?, ?, ?)")) {
                                ins.setString(1, node);
                                ins.setLong(2, lastEntry.seq());
                                ins.setString(3, lastEntry.hash());
                                ins.executeUpdate();
                            }
                        }
                    }
                    double el = (System.nanoTime() - s) / 1e9;
                    figures.put("copy.records", rest);
                    figures.put("copy.seconds", fmt(el));
                    figures.put("copy.recordsPerSecond", Math.round(rest / el));
                }
            }

            // 3. statistics for the planner (autovacuum would get there; the figures should not wait for it)
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                long s = System.nanoTime();
                st.execute("ANALYZE record_entry");
                figures.put("analyze.seconds", fmt((System.nanoTime() - s) / 1e9));
                try (ResultSet r = st.executeQuery("SELECT count(*) FROM record_entry_default")) {
                    r.next();
                    figures.put("defaultPartition.rows", r.getLong(1));
                }
                try (ResultSet r = st.executeQuery("SELECT count(*) FROM pg_inherits WHERE inhparent = 'record_entry'::regclass")) {
                    r.next();
                    figures.put("partitions", r.getLong(1));
                }
                try (ResultSet r = st.executeQuery("SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits"
                        + " WHERE inhparent = 'record_entry'::regclass")) {
                    r.next();
                    figures.put("size", r.getString(1));
                }
            }
        }
        if (topAppend > 0) figures.putAll(topAppend(url, node, accounts, topMonth, topAppend, batch, checkpointEvery,
                keyFile, seed, null));
        figures.put("node", node);
        figures.put("publicKey", CheckpointSigner.publicFile(keyFile).toString());
        figures.putAll(gen.targets());
        StringBuilder text = new StringBuilder();
        figures.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        o.print(text);
        if (out != null) Files.writeString(out, text, StandardCharsets.UTF_8);
    }

    /**
     * The writer's path: {@code n} generated records appended in batches of {@code batch}, one thread, a signed
     * checkpoint saved as each falls due. Returns the nanoseconds spent in the store (generation and hashing apart).
     */
    static long append(SqlRecordRepository repo, YearOfCalls gen, int n, int batch, int checkpointEvery,
                       CheckpointSigner signer, String node) {
        long inStore = 0;
        List<RecordEntry> pending = new ArrayList<>(batch);
        for (int i = 0; i < n; i++) {
            pending.add(gen.next());
            if (pending.size() == batch || i == n - 1) {
                long s = System.nanoTime();
                repo.append(pending);
                for (RecordEntry e : pending) {
                    if (e.seq() % checkpointEvery == 0) {
                        repo.saveCheckpoint(signer.sign(node, e.seq(), e.hash(), e.writtenAt()));
                    }
                }
                inStore += System.nanoTime() - s;
                pending.clear();
            }
        }
        return inStore;
    }

    /**
     * Appends {@code n} more records on top of the node's chain (this month's calls) through
     * {@link SqlRecordRepository#append}: the writer's throughput once the table holds the year, not an empty one.
     */
    static Map<String, Object> topAppend(String url, String node, int accounts, YearMonth month, int n, int batch,
                                         int checkpointEvery, Path keyFile, long seed, Path out) throws IOException {
        Map<String, Object> figures = new LinkedHashMap<>();
        if (n <= 0) return figures;
        CheckpointSigner signer = CheckpointSigner.load(keyFile);
        try (Store store = Store.open(StoreOptions.defaults().withJdbcUrl(url))) {
            SqlRecordRepository repo = new SqlRecordRepository(store);
            RecordEntry head = repo.last(node).orElseThrow(() -> new IllegalStateException("node " + node + " has no chain"));
            YearOfCalls gen = new YearOfCalls(new SplittableRandom(seed + head.seq()), n, accounts, month, month, node);
            gen.previous = head;
            long appendNanos = append(repo, gen, n, batch, checkpointEvery, signer, node);
            double inStore = appendNanos / 1e9;
            figures.put("topAppend.onTopOf", head.seq());
            figures.put("topAppend.records", n);
            figures.put("topAppend.batch", batch);
            figures.put("topAppend.month", month);
            figures.put("topAppend.seconds", fmt(inStore));
            figures.put("topAppend.recordsPerSecond", Math.round(n / inStore));
            System.out.printf("append on top of %,d records: %,d records (%s) in batches of %d through"
                    + " SqlRecordRepository.append: %.1f s in the store = %,d records/s%n", head.seq(), n, month, batch,
                    inStore, Math.round(n / inStore));
        }
        if (out != null) {
            StringBuilder text = new StringBuilder();
            figures.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Files.writeString(out, text, StandardCharsets.UTF_8);
        }
        return figures;
    }

    private static String fmt(double seconds) { return String.format(java.util.Locale.ROOT, "%.2f", seconds); }

    private static void flush(CopyIn copy, StringBuilder sb) throws SQLException {
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(b, 0, b.length);
        sb.setLength(0);
    }

    /** One entry as a COPY text line: the columns bind() writes, in COPY's escapes (\N for NULL). */
    static void row(StringBuilder sb, RecordEntry e) {
        CallRecord r = e.call();
        sb.append(text(e.node())).append('\t').append(e.seq()).append('\t').append(e.writtenAt()).append('\t')
                .append(e.kind()).append('\t').append(r.startedAt()).append('\t');
        sb.append(text(r.uniqueId())).append('\t').append(text(r.linkedId())).append('\t').append(text(r.accountId()))
                .append('\t').append(text(r.trunkId())).append('\t').append(r.direction().name()).append('\t')
                .append(text(r.caller())).append('\t').append(text(r.calleeDialled())).append('\t')
                .append(text(r.calleeNormalised())).append('\t').append(r.category().name()).append('\t')
                .append(text(r.categoryDetail())).append('\t').append(text(r.verdict())).append('\t')
                .append(text(r.reason())).append('\t')
                .append(r.answeredAt() == null ? "\\N" : r.answeredAt().toString()).append('\t')
                .append(r.endedAt()).append('\t').append(r.billableSeconds()).append('\t')
                .append(r.disposition().name()).append('\t').append(r.cause() == null ? "\\N" : r.cause().toString())
                .append('\t').append(text(r.asteriskNode())).append('\t').append(r.adopted() ? 't' : 'f')
                .append("\t\\N\t\\N\t").append(e.prevHash()).append('\t').append(e.hash()).append('\n');
    }

    private static String text(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
