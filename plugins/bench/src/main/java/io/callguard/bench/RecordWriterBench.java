package io.callguard.bench;

import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.core.records.InMemoryRecordRepository;
import io.callguard.core.records.RecordRepository;
import io.callguard.records.chain.ChainOptions;
import io.callguard.records.chain.CheckpointSigner;
import io.callguard.records.chain.RecordWriter;
import io.callguard.store.SqlRecordRepository;
import io.callguard.store.Store;
import io.callguard.store.StoreOptions;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The call records' writer path, alone: CPU time per record that {@link RecordWriter} spends to chain, hash and store
 * a call (the writer thread's work in the app), against the embedded H2 file database with the app's default store
 * settings ({@code jdbc:h2:file:...}, {@link StoreOptions#defaults()} otherwise), PostgreSQL by its URL, or an
 * in-memory repository (the chain and hashes without a database).
 *
 * <p>The harness thread plays the writer thread: it submits {@code --batch} records, then runs one writer cycle
 * ({@link RecordWriter#flush}), as the writer thread does every {@code records.writeInterval} (10 records per 200 ms
 * wake-up is 50 calls/s). A signer makes a checkpoint every 1,000 records, as by default. Warm-up is a number of
 * records; then {@code --runs} runs of {@code --records} each print the harness thread's CPU time per record (the
 * figure to compare: it is the writer thread's, and the least sensitive to other processes on a shared machine), the
 * whole process's (with JIT, GC and H2's own threads), the wall time, and the bytes the harness thread allocated per
 * record (the garbage the collector's threads then pay for; it hardly depends on the machine's load); then min and
 * median.
 *
 * <p>Usage: {@code RecordWriterBench [--store h2|memory|<jdbc url>] [--dir D] [--records N] [--warmup N] [--runs N]
 * [--batch N]}
 */
public final class RecordWriterBench {
    private RecordWriterBench() { }

    public static void main(String[] argv) throws Exception {
        Args a = Args.parse(argv, Set.of(), Set.of("store", "dir", "records", "warmup", "runs", "batch"));
        String storeArg = a.string("store", "h2");
        int records = a.integer("records", 20_000, 1, 10_000_000);
        int warmup = a.integer("warmup", 60_000, 0, 100_000_000);
        int runs = a.integer("runs", 5, 1, 100);
        int batch = a.integer("batch", 10, 1, 10_000);
        Path dir = a.has("dir") ? Path.of(a.string("dir", null)) : Files.createTempDirectory("records-bench");
        Files.createDirectories(dir);

        Store store = null;
        RecordRepository repo;
        if (storeArg.equals("memory")) {
            repo = new InMemoryRecordRepository();
        } else {
            String url = storeArg.equals("h2") ? "jdbc:h2:file:" + dir.resolve("callguard").toAbsolutePath() : storeArg;
            store = Store.open(StoreOptions.defaults().withJdbcUrl(url));
            repo = new SqlRecordRepository(store);
        }
        // a node of its own per run of the harness: a PostgreSQL database may already hold chains
        String node = "bench-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis() % 100_000;
        ChainOptions options = new ChainOptions(node, 1_000_000, 500, Duration.ofMillis(200), Duration.ofSeconds(30),
                dir.resolve("spill-" + node), dir.resolve("key.pem"), 1000, Duration.ofSeconds(60), Optional.empty());
        RecordWriter writer = new RecordWriter(repo, options, Clock.systemUTC(), CheckpointSigner.of(CheckpointSigner.generate()));
        writer.open();

        System.out.printf(Locale.ROOT, "records writer bench: store=%s batch=%d records/run=%d warm-up=%d runs=%d dir=%s%n",
                store == null ? "memory" : store.safeUrl(), batch, records, warmup, runs, dir);
        int[] n = {0};
        push(writer, warmup, batch, n);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<double[]> results = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            long t0 = threads.getCurrentThreadCpuTime();
            long a0 = threads.getThreadAllocatedBytes(self);
            long p0 = os.getProcessCpuTime();
            long w0 = System.nanoTime();
            push(writer, records, batch, n);
            double thread = (threads.getCurrentThreadCpuTime() - t0) / 1e3 / records;
            double process = (os.getProcessCpuTime() - p0) / 1e3 / records;
            double wall = (System.nanoTime() - w0) / 1e3 / records;
            double allocated = (threads.getThreadAllocatedBytes(self) - a0) / (double) records;
            results.add(new double[] {thread, process, wall, allocated});
            System.out.printf(Locale.ROOT, "run %d: writer thread %.1f us/record, process %.1f us/record, wall %.1f us/record,"
                    + " writer thread allocated %.0f B/record%n", r, thread, process, wall, allocated);
        }
        for (int k = 0; k < 4; k++) {
            double[] v = new double[runs];
            for (int r = 0; r < runs; r++) v[r] = results.get(r)[k];
            Arrays.sort(v);
            String unit = k == 3 ? "B/record" : "us/record";
            System.out.printf(Locale.ROOT, "%s: min %.1f %s, median %.1f %s%n", k == 0 ? "writer thread CPU"
                    : k == 1 ? "process CPU" : k == 2 ? "wall" : "writer thread allocated", v[0], unit, v[runs / 2], unit);
        }
        writer.stop();
        if (writer.durableSeq() != n[0]) {
            throw new IllegalStateException("stored " + writer.durableSeq() + " records of " + n[0] + " submitted");
        }
        if (store != null) store.close();
        if (!a.has("dir")) deleteTree(dir);
    }

    private static void push(RecordWriter writer, int count, int batch, int[] n) {
        int done = 0;
        while (done < count) {
            int k = Math.min(batch, count - done);
            for (int i = 0; i < k; i++) writer.submit(call(++n[0]));
            done += k;
            // a batch may end early at a checkpoint's seq: cycles until the queue is empty, as the writer thread does
            int stored;
            do {
                stored = writer.flush();
                if (stored < 0) throw new IllegalStateException("the store failed: see the log");
            } while (stored > 0);
        }
    }

    /**
     * An answered outbound call, numbered {@code n}: the shape of the app's records, spread over 4 accounts of 10
     * trunks each as in testbed/'s load runs (one account would touch a single leaf of the account index per batch).
     */
    private static CallRecord call(int n) {
        Instant end = Instant.now();
        Instant start = end.minusSeconds(95);
        Instant answer = start.plusSeconds(7);
        String account = "account-" + (n % 4);
        String callee = "06" + String.format(Locale.ROOT, "%08d", n % 100_000_000);
        return new CallRecord("1733480000." + n, "", account, account + "-trunk-" + (n / 4 % 10), Direction.OUTBOUND,
                "0140000000", callee, callee, NumberCategory.MOBILE, "", "ALLOW", "", start, answer, end,
                CallRecord.billable(answer, end), Disposition.ANSWERED, 16, "ast1.example.net", false);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
