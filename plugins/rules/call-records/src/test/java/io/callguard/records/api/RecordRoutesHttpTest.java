package io.callguard.records.api;

import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.core.records.Gap;
import io.callguard.core.records.RecordEntry;
import io.callguard.cti.CtiAccess;
import io.callguard.cti.keys.ApiKeyService;
import io.callguard.cti.keys.InMemoryApiKeyRepository;
import io.callguard.cti.ratelimit.RequestLimitSettings;
import io.callguard.cti.ratelimit.RequestRateLimiter;
import io.callguard.http.ListenerOptions;
import io.callguard.http.StoreFailures;
import io.callguard.http.StoreWorker;
import io.callguard.http.admin.AdminContext;
import io.callguard.http.admin.AdminServer;
import io.callguard.http.admin.AmiStatus;
import io.callguard.http.cti.CtiServer;
import io.callguard.store.SqlRecordRepository;
import io.callguard.store.Store;
import io.callguard.store.StoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read routes served by the real admin and CTI listeners (bearer token, API keys, problems, chunked bodies) over
 * the store's repository on H2: pages by cursor, CSV streamed, a key reads its own account only.
 */
class RecordRoutesHttpTest {
    private static final String TOKEN = "records-admin-token-0123456789";
    private static final Instant T0 = Instant.parse("2026-11-30T23:59:00.250Z");
    private static final int BULK = 2_345;

    @TempDir Path dir;
    private final Clock clock = Clock.fixed(T0.plusSeconds(86_400), ZoneOffset.UTC);
    private Vertx vertx;
    private Store store;
    private WorkerExecutor pool;
    private AdminServer adminServer;
    private CtiServer ctiServer;
    private WebClient client;
    private int adminPort;
    private int ctiPort;
    private String acmeKey;
    private String globexKey;
    private final List<RecordEntry> acme = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        store = Store.open(new StoreOptions("jdbc:h2:file:" + dir.resolve("cg"), "", "", 4, Duration.ofSeconds(5)));
        for (String id : List.of("acme", "globex", "initech")) store.insertAccount(new Account(id, id.toUpperCase(), 3600));
        InMemoryDirectory directory = new InMemoryDirectory();
        store.loadInto(directory);
        SqlRecordRepository repository = new SqlRecordRepository(store, clock);

        // node-a: acme's 25 calls (every 3rd unanswered), a gap, globex's 2 calls; node-b: initech's bulk
        RecordEntry last = null;
        for (int i = 0; i < 25; i++) {
            // acme's answered calls are rated (43 s billed at 0.25 cent a second), the unanswered ones are not
            CallRecord c = call("a." + i, "acme", T0.plusSeconds(i * 60L), i % 3 == 0);
            last = RecordEntry.chain(last, "node-a", T0.plusSeconds(i * 60L + 50), c.answeredAt() == null ? c
                    : c.withRating(new CallRating("pro", 3, "mobile", 43, new BigDecimal("10.75"))), null);
            acme.add(last);
        }
        List<RecordEntry> nodeA = new ArrayList<>(acme);
        last = RecordEntry.chain(last, "node-a", T0.plusSeconds(3000), null, new Gap(T0, T0.plusSeconds(5), "AMI_DOWN"));
        nodeA.add(last);
        for (int i = 0; i < 2; i++) {
            last = RecordEntry.chain(last, "node-a", T0.plusSeconds(3100 + i), call("g." + i, "globex",
                    T0.plusSeconds(100 + i), false), null);
            nodeA.add(last);
        }
        repository.append(nodeA);
        List<RecordEntry> bulk = new ArrayList<>();
        last = null;
        for (int i = 0; i < BULK; i++) {
            last = RecordEntry.chain(last, "node-b", T0.plusSeconds(i + 90), call("i." + i, "initech",
                    T0.plusSeconds(i), false), null);
            bulk.add(last);
        }
        repository.append(bulk);

        ApiKeyService keys = new ApiKeyService(new InMemoryApiKeyRepository(), clock);
        acmeKey = keys.issue("acme", "crm").secret();
        globexKey = keys.issue("globex", "crm").secret();
        pool = vertx.createSharedWorkerExecutor(StoreWorker.POOL_NAME, 2);
        StoreWorker worker = new StoreWorker(pool, StoreFailures.NONE);
        adminServer = new AdminServer(vertx, new ListenerOptions("127.0.0.1", 0, TOKEN, 65_536, Duration.ofSeconds(30),
                100, 100), new AdminContext(store::isReachable, new CallTracker(clock), worker, () -> AmiStatus.DISABLED,
                new InMemoryAuditLog()), () -> true, JsonObject::new, RecordRoutes.admin(repository, directory));
        adminPort = await(adminServer.start());
        ctiServer = new CtiServer(vertx, new ListenerOptions("127.0.0.1", 0, "", 16_384, Duration.ofSeconds(30), 100, 100),
                new CtiAccess(keys, new RequestRateLimiter(clock, new RequestLimitSettings(1000, 1000))), directory,
                RecordRoutes.cti(repository), worker);
        ctiPort = await(ctiServer.start(() -> true));
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) client.close();
        if (adminServer != null) await(adminServer.stop());
        if (ctiServer != null) await(ctiServer.stop());
        if (pool != null) pool.close();
        if (vertx != null) await(vertx.close());
        if (store != null) store.close();
    }

    private static CallRecord call(String uniqueId, String account, Instant start, boolean unanswered) {
        Instant answer = unanswered ? null : start.plusSeconds(4);
        Instant end = start.plusMillis(unanswered ? 20_000 : 47_900);
        return new CallRecord(uniqueId, "", account, account + "-t0", Direction.OUTBOUND, "0140000000",
                "0033612345678", "+33612345678", NumberCategory.MOBILE, "", "ALLOW", "", start, answer, end,
                CallRecord.billable(answer, end), unanswered ? Disposition.NO_ANSWER : Disposition.ANSWERED,
                unanswered ? 19 : 16, "ast1", false);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> admin(String pathAndQuery, String accept) throws Exception {
        HttpRequest<Buffer> r = client.get(adminPort, "127.0.0.1", pathAndQuery).bearerTokenAuthentication(TOKEN);
        if (accept != null) r.putHeader("Accept", accept);
        return await(r.send());
    }

    private HttpResponse<Buffer> cti(String pathAndQuery, String key, String accept) throws Exception {
        HttpRequest<Buffer> r = client.get(ctiPort, "127.0.0.1", pathAndQuery).bearerTokenAuthentication(key);
        if (accept != null) r.putHeader("Accept", accept);
        return await(r.send());
    }

    private static String q(String text) { return URLEncoder.encode(text, StandardCharsets.UTF_8); }

    @Test
    void adminPagesByCursorGiveEveryRecordOnceWithTheFieldsTheBackOfficeScriptsAgainst() throws Exception {
        List<JsonObject> items = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            HttpResponse<Buffer> r = admin("/admin/v1/accounts/acme/records?limit=10" + (next == null ? "" : "&cursor=" + q(next)), null);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonObject body = r.bodyAsJsonObject();
            assertThat(body.fieldNames()).containsExactly("items", "next");
            body.getJsonArray("items").forEach(o -> items.add((JsonObject) o));
            next = body.getString("next");
            pages++;
        } while (next != null);
        assertThat(pages).isEqualTo(3);
        assertThat(items).extracting(o -> o.getString("uniqueId")).containsExactlyElementsOf(
                acme.stream().map(e -> e.call().uniqueId()).toList());

        JsonObject answered = items.get(1);
        assertThat(answered.getString("direction")).isEqualTo("OUTBOUND");
        assertThat(answered.getString("callee")).isEqualTo("+33612345678");
        assertThat(answered.getString("calleeDialled")).isEqualTo("0033612345678");
        assertThat(answered.getString("disposition")).isEqualTo("ANSWERED");
        assertThat(answered.getLong("billableSeconds")).isEqualTo(43);
        assertThat(answered.getLong("durationSeconds")).isEqualTo(47);
        assertThat(answered.getInteger("cause")).isEqualTo(16);
        assertThat(answered.getLong("seq")).isEqualTo(2);
        assertThat(answered.getString("hash")).isEqualTo(acme.get(1).hash());
        assertThat(answered.getString("startedAt")).isEqualTo("2026-12-01T00:00:00.250Z");
        assertThat(answered.getString("answeredAt")).isEqualTo("2026-12-01T00:00:04.250Z");
        JsonObject unanswered = items.get(0);
        assertThat(unanswered.getString("disposition")).isEqualTo("NO ANSWER");
        assertThat(unanswered.getValue("answeredAt")).isNull();
        assertThat(unanswered.getLong("billableSeconds")).isZero();
        assertThat(unanswered.getInteger("cause")).isEqualTo(19);
        assertThat(unanswered.fieldNames()).containsExactlyElementsOf(RecordJson.FIELDS);
    }

    @Test
    void theRatingShowsInTheJsonOfBothApisAndInTheCsvAsAnExactDecimalAndEmptyWhenUnrated() throws Exception {
        JsonArray items = admin("/admin/v1/accounts/acme/records?limit=2", null).bodyAsJsonObject().getJsonArray("items");
        JsonObject rated = items.getJsonObject(1);
        assertThat(rated.getValue("amountCents")).as("a string: no binary floating point on the way").isEqualTo("10.7500");
        assertThat(rated.getString("planId")).isEqualTo("pro");
        assertThat(rated.getInteger("planVersion")).isEqualTo(3);
        assertThat(rated.getString("rateId")).isEqualTo("mobile");
        assertThat(rated.getLong("billedSeconds")).isEqualTo(43);
        JsonObject unrated = items.getJsonObject(0);
        for (String f : List.of("amountCents", "planId", "planVersion", "rateId", "billedSeconds")) {
            assertThat(unrated.containsKey(f)).as(f).isTrue();
            assertThat(unrated.getValue(f)).as(f).isNull();
        }
        JsonObject viaCti = cti("/cti/v1/records?limit=2", acmeKey, null).bodyAsJsonObject().getJsonArray("items").getJsonObject(1);
        assertThat(viaCti.getString("amountCents")).isEqualTo("10.7500");
        assertThat(viaCti.getString("planId")).isEqualTo("pro");

        String[] csv = admin("/admin/v1/accounts/acme/records", "text/csv").bodyAsString().split("\r\n", -1);
        assertThat(csv[0]).endsWith(",writtenAt,prevHash,hash,amountCents,planId,planVersion,rateId,billedSeconds");
        assertThat(csv[1]).startsWith("1,node-a,a.0,").endsWith("," + acme.get(0).hash() + ",,,,,");
        assertThat(csv[2]).startsWith("2,node-a,a.1,").endsWith("," + acme.get(1).hash() + ",10.7500,pro,3,mobile,43");
        String[] ctiCsv = cti("/cti/v1/records", acmeKey, "text/csv").bodyAsString().split("\r\n", -1);
        assertThat(ctiCsv[2]).isEqualTo(csv[2]);
    }

    @Test
    void fromAndToSelectByStartAndBadParametersAreNamedIn400s() throws Exception {
        JsonArray window = admin("/admin/v1/accounts/acme/records?from=" + q(T0.plusSeconds(60).toString()) + "&to="
                + q("2026-12-01T01:02:00.250+01:00"), null).bodyAsJsonObject().getJsonArray("items");
        assertThat(window.stream().map(o -> ((JsonObject) o).getString("uniqueId"))).containsExactly("a.1", "a.2");

        assertThat(admin("/admin/v1/accounts/ghost/records", null).statusCode()).isEqualTo(404);
        for (String bad : List.of("from=yesterday", "to=2026-13-01T00:00:00Z", "from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z",
                "limit=0", "limit=1001", "limit=ten", "cursor=not-a-cursor")) {
            HttpResponse<Buffer> r = admin("/admin/v1/accounts/acme/records?" + bad, null);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            String field = bad.startsWith("from=2026-12-02") ? "to" : bad.substring(0, bad.indexOf('='));
            assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).as(bad)
                    .isEqualTo(field);
        }
        assertThat(admin("/admin/v1/accounts/acme/records?cursor=x", "text/csv").statusCode())
                .as("a CSV's bad cursor is a 400 too, before any byte").isEqualTo(400);
    }

    @Test
    void csvStreamsTheWholeRangeInChunksWhateverItsSize() throws Exception {
        HttpResponse<Buffer> r = admin("/admin/v1/accounts/initech/records?limit=5", "text/csv");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).startsWith("text/csv");
        assertThat(r.getHeader("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(r.getHeader("Content-Disposition")).contains("records-initech.csv");
        String[] lines = r.bodyAsString().split("\r\n");
        assertThat(lines).hasSize(BULK + 1);
        assertThat(lines[0]).isEqualTo(String.join(",", RecordJson.FIELDS));
        assertThat(lines[1]).startsWith("1,node-b,i.0,i.0,initech,initech-t0,OUTBOUND,0140000000,+33612345678,");
        assertThat(lines[BULK]).startsWith(BULK + ",node-b,i." + (BULK - 1) + ",");
        assertThat(lines[1]).contains(",ANSWERED,16,ast1,false,");
    }

    @Test
    void aCtiKeyReadsItsOwnAccountsRecordsOnlyAsJsonOrCsv() throws Exception {
        JsonArray mine = cti("/cti/v1/records", globexKey, null).bodyAsJsonObject().getJsonArray("items");
        assertThat(mine.stream().map(o -> ((JsonObject) o).getString("uniqueId"))).containsExactly("g.0", "g.1");
        JsonArray acmes = cti("/cti/v1/records?limit=1000", acmeKey, null).bodyAsJsonObject().getJsonArray("items");
        assertThat(acmes).hasSize(25).allMatch(o -> ((JsonObject) o).getString("accountId").equals("acme"));

        HttpResponse<Buffer> theirs = cti("/cti/v1/records?account=globex", acmeKey, null);
        assertThat(theirs.statusCode()).isEqualTo(403);
        assertThat(theirs.bodyAsJsonObject().getString("type")).isEqualTo("urn:callguard:problem:not-your-account");
        assertThat(theirs.bodyAsString()).doesNotContain("g.0");
        assertThat(cti("/cti/v1/records?account=acme", acmeKey, null).statusCode()).isEqualTo(200);

        // a client key opens no admin route, whichever account it names
        HttpResponse<Buffer> viaAdmin = await(client.get(adminPort, "127.0.0.1", "/admin/v1/accounts/globex/records")
                .bearerTokenAuthentication(acmeKey).send());
        assertThat(viaAdmin.statusCode()).isEqualTo(401);
        assertThat(cti("/cti/v1/records", "cg_nope_nope", null).statusCode()).isEqualTo(401);

        String csv = cti("/cti/v1/records", globexKey, "text/csv").bodyAsString();
        assertThat(csv.split("\r\n")).hasSize(3);
        assertThat(csv).doesNotContain(",acme,");
    }
}
