package io.callguard.records.retention;

import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.core.records.InMemoryRecordRepository;
import io.callguard.core.records.RecordEntry;
import io.callguard.http.ListenerOptions;
import io.callguard.http.StoreFailures;
import io.callguard.http.StoreWorker;
import io.callguard.http.admin.AdminContext;
import io.callguard.http.admin.AdminServer;
import io.callguard.http.admin.AmiStatus;
import io.callguard.records.chain.CheckpointSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /admin/v1/records/purge} through the real admin listener (a socket, its token, its actor header). */
class PurgeRouteHttpTest {
    private static final String TOKEN = "records-admin-token-0123456789";
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryRecordRepository repository = new InMemoryRecordRepository();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private Vertx vertx;
    private WorkerExecutor pool;
    private AdminServer server;
    private WebClient client;
    private int port;

    @BeforeEach
    void start() throws Exception {
        InMemoryDirectory directory = new InMemoryDirectory();
        directory.put(new Account("acme", "ACME", 3600, null, LocalDate.parse("2020-01-10"), null)); // invoice day 10
        RecordEntry last = null;
        for (String start : List.of("2026-04-20T08:00:00Z", "2026-04-25T08:00:00Z", "2026-11-20T08:00:00Z")) {
            Instant s = Instant.parse(start);
            CallRecord c = new CallRecord("u." + start, "", "acme", "t", Direction.OUTBOUND, "0140000000", "0612345678",
                    "0612345678", NumberCategory.MOBILE, "", "ALLOW", "", s, null, s.plusSeconds(20), 0,
                    Disposition.NO_ANSWER, 19, "ast1", false);
            last = RecordEntry.chain(last, "node-a", s.plusSeconds(20), c, null);
            repository.append(List.of(last));
        }
        RecordPurge purge = new RecordPurge(repository, directory, CheckpointSigner.of(CheckpointSigner.generate()),
                new RetentionOptions(Period.ofMonths(6), Duration.ofDays(1), ZoneId.of("Europe/Paris")), audit, clock,
                "node-a", Optional.empty());
        vertx = Vertx.vertx();
        pool = vertx.createSharedWorkerExecutor(StoreWorker.POOL_NAME, 2);
        server = new AdminServer(vertx, new ListenerOptions("127.0.0.1", 0, TOKEN, 65_536, Duration.ofSeconds(30),
                100, 100), new AdminContext(() -> true, new CallTracker(clock), new StoreWorker(pool, StoreFailures.NONE),
                () -> AmiStatus.DISABLED, audit), () -> true, JsonObject::new, List.of(PurgeRoute.of(purge)));
        port = await(server.start());
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) client.close();
        if (server != null) await(server.stop());
        if (pool != null) pool.close();
        if (vertx != null) await(vertx.close());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> post(String query) throws Exception {
        return await(client.post(port, "127.0.0.1", PurgeRoute.PATH + query).bearerTokenAuthentication(TOKEN)
                .putHeader("X-Callguard-Actor", "backoffice").send());
    }

    @Test
    void aDryRunAnswersWhatWouldGoThenAPurgeRemovesItAndIsAuditedUnderTheActor() throws Exception {
        HttpResponse<Buffer> dry = post("?dryRun=true");
        assertThat(dry.statusCode()).isEqualTo(200);
        JsonObject would = dry.bodyAsJsonObject();
        assertThat(would.getBoolean("dryRun")).isTrue();
        assertThat(would.getLong("fromSeq")).isEqualTo(1);
        assertThat(would.getLong("toSeq")).isEqualTo(2);
        assertThat(would.getLong("count")).isEqualTo(2);
        assertThat(would.getLong("keptFrom")).isEqualTo(3);
        assertThat(repository.last("node-a").orElseThrow().seq()).isEqualTo(3);
        assertThat(audit.all()).isEmpty();

        HttpResponse<Buffer> done = post("");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.bodyAsJsonObject().getLong("count")).isEqualTo(2);
        List<Long> left = new java.util.ArrayList<>();
        repository.scan("node-a", 1, e -> left.add(e.seq()));
        assertThat(left).containsExactly(3L);
        assertThat(audit.all()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("records.purge");
            assertThat(e.actor()).isEqualTo("backoffice");
        });
    }

    @Test
    void aDryRunThatIsNeitherTrueNorFalseIsABadRequest() throws Exception {
        HttpResponse<Buffer> bad = post("?dryRun=yes");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsString()).contains("dryRun").contains("must be true or false, got 'yes'");
        assertThat(repository.last("node-a").orElseThrow().seq()).isEqualTo(3);
    }
}
