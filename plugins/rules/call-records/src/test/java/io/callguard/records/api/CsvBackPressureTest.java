package io.callguard.records.api;

import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Checkpoint;
import io.callguard.core.records.Disposition;
import io.callguard.core.records.RecordEntry;
import io.callguard.core.records.RecordRepository;
import io.callguard.http.ListenerOptions;
import io.callguard.http.StoreFailures;
import io.callguard.http.StoreWorker;
import io.callguard.http.admin.AdminContext;
import io.callguard.http.admin.AdminServer;
import io.callguard.http.admin.AmiStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CSV export of an endless account (a repository that always has a next page) to a client that does not read: the
 * producer waits for the connection instead of filling memory, and stops when the client goes away (the one worker
 * thread is free again).
 */
class CsvBackPressureTest {
    private static final String TOKEN = "records-admin-token-0123456789";
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final int PAGE = RecordRoutes.CSV_PAGE;

    /** Pages without end, each made on demand: what the export holds is one page. */
    private static final class EndlessRepository implements RecordRepository {
        final AtomicInteger pages = new AtomicInteger();
        final AtomicReference<Thread> producer = new AtomicReference<>();
        final AtomicLong seq = new AtomicLong();

        @Override public RecordPage byAccount(String accountId, Instant from, Instant to, String after, int limit) {
            producer.set(Thread.currentThread());
            pages.incrementAndGet();
            List<RecordEntry> items = new ArrayList<>(limit);
            RecordEntry previous = null;
            for (int i = 0; i < limit; i++) {
                long n = seq.incrementAndGet();
                Instant start = T0.plusMillis(n);
                previous = RecordEntry.chain(previous, "endless", start.plusSeconds(60), new CallRecord("e." + n, "",
                        accountId, "", Direction.OUTBOUND, "0140000000", "0612345678", "0612345678",
                        NumberCategory.MOBILE, "", "ALLOW", "", start, null, start.plusSeconds(10), 0,
                        Disposition.NO_ANSWER, 19, "ast1", false), null);
                items.add(previous);
            }
            return new RecordPage(items, "more");
        }

        @Override public Optional<RecordEntry> last(String node) { return Optional.empty(); }
        @Override public java.math.BigDecimal ratedSince(String accountId, Instant since) { return java.math.BigDecimal.ZERO; }
        @Override public void append(List<RecordEntry> entries) { throw new UnsupportedOperationException(); }
        @Override public void scan(String node, long fromSeq, Consumer<RecordEntry> each) { }
        @Override public List<String> nodes() { return List.of(); }
        @Override public void saveCheckpoint(Checkpoint checkpoint) { throw new UnsupportedOperationException(); }
        @Override public List<Checkpoint> checkpoints(String node, long fromSeq) { return List.of(); }
        @Override public int purge(String node, long beforeSeq) { throw new UnsupportedOperationException(); }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static boolean waitingInTheSink(Thread t) {
        if (t == null) return false;
        Thread.State state = t.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) return false;
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().endsWith("ModuleRouteMount$ChunkSink") && frame.getMethodName().equals("write")) return true;
        }
        return false;
    }

    @Test
    void aClientThatDoesNotReadHoldsTheProducerAtOnePageAndOneThatLeavesStopsIt() throws Exception {
        Vertx vertx = Vertx.vertx();
        WorkerExecutor pool = vertx.createSharedWorkerExecutor(StoreWorker.POOL_NAME, 1); // one thread: see the end
        EndlessRepository repository = new EndlessRepository();
        InMemoryDirectory directory = new InMemoryDirectory();
        directory.put(new Account("acme", "ACME", 3600));
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        AdminServer server = new AdminServer(vertx, new ListenerOptions("127.0.0.1", 0, TOKEN, 65_536,
                Duration.ofSeconds(30), 100, 100), new AdminContext(() -> true, new CallTracker(clock),
                new StoreWorker(pool, StoreFailures.NONE), () -> AmiStatus.DISABLED, new InMemoryAuditLog()),
                () -> true, JsonObject::new, RecordRoutes.admin(repository, directory));
        int port = await(server.start());
        WebClient client = WebClient.create(vertx);
        try {
            NetSocket socket = await(vertx.createNetClient().connect(port, "127.0.0.1"));
            socket.pause(); // reads nothing: the kernel's buffers fill, then the response's write queue
            await(socket.write("GET /admin/v1/accounts/acme/records HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + TOKEN + "\r\nAccept: text/csv\r\n\r\n"));

            // until the producer waits in the sink across 20 round trips of other requests through the same event
            // loops (a wait that is only the hand-over of one piece ends within one of them)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int steady = 0;
            int held = -1;
            while (steady < 20) {
                assertThat(System.nanoTime()).as("the producer holds still within 30 s (pages so far: "
                        + repository.pages.get() + ")").isLessThan(deadline);
                int before = repository.pages.get();
                long seqBefore = repository.seq.get();
                boolean waiting = waitingInTheSink(repository.producer.get());
                assertThat(await(client.get(port, "127.0.0.1", "/admin/v1/listeners").bearerTokenAuthentication(TOKEN)
                        .send()).statusCode()).isEqualTo(200);
                boolean still = waiting && waitingInTheSink(repository.producer.get())
                        && repository.pages.get() == before && repository.seq.get() == seqBefore;
                steady = still ? steady + 1 : 0;
                held = before;
            }
            // kernel buffers on both ends plus the write queue hold a few MB: a few dozen pages of ~200 KB at most,
            // where an export that did not wait would run on without end
            assertThat(held).isLessThan(100);

            await(socket.close());
            // the only worker thread is free again once the producer saw the client leave: a JSON page answers
            var page = await(client.get(port, "127.0.0.1", "/admin/v1/accounts/acme/records?limit=2")
                    .bearerTokenAuthentication(TOKEN).send());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.bodyAsJsonObject().getJsonArray("items")).hasSize(2);
        } finally {
            client.close();
            await(server.stop());
            pool.close();
            await(vertx.close());
        }
    }
}
