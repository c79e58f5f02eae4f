package io.callguard.server.admin;

import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.CallRequest;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin API over real HTTP against a real callguard (H2 file in a temporary directory, AMI disabled). */
@ExtendWith(VertxExtension.class)
class AdminApiTest {
    @TempDir static Path dir;
    static CallguardApp app;
    static WebClient client;

    @BeforeAll
    static void start(Vertx vertx) {
        app = TestApps.start(TestApps.config(dir, Map.of()));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.adminPort()));
    }

    @AfterAll
    static void stop() {
        if (client != null) client.close();
        if (app != null) await(app.stop());
    }

    // --- helpers ---

    static HttpResponse<Buffer> call(HttpMethod method, String path, Object body, String token) {
        HttpRequest<Buffer> req = client.request(method, path);
        if (token != null) req.putHeader("Authorization", "Bearer " + token);
        if (body == null) return await(req.send());
        if (body instanceof JsonObject o) return await(req.sendJsonObject(o));
        return await(req.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.toString())));
    }

    static HttpResponse<Buffer> get(String path) { return call(HttpMethod.GET, path, null, TestApps.TOKEN); }
    static HttpResponse<Buffer> post(String path, Object body) { return call(HttpMethod.POST, path, body, TestApps.TOKEN); }
    static HttpResponse<Buffer> put(String path, Object body) { return call(HttpMethod.PUT, path, body, TestApps.TOKEN); }
    static HttpResponse<Buffer> delete(String path) { return call(HttpMethod.DELETE, path, null, TestApps.TOKEN); }

    static void assertProblem(HttpResponse<Buffer> r, int status, String detailFragment) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
        JsonObject p = r.bodyAsJsonObject();
        assertThat(p.getInteger("status")).isEqualTo(status);
        assertThat(p.getString("type")).startsWith("urn:callguard:problem:");
        assertThat(p.getString("title")).isNotBlank();
        assertThat(p.getString("detail")).contains(detailFragment);
    }

    static JsonArray fieldErrors(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
        return r.bodyAsJsonObject().getJsonArray("errors");
    }

    static String fields(HttpResponse<Buffer> r) {
        StringBuilder sb = new StringBuilder();
        fieldErrors(r).forEach(e -> sb.append(((JsonObject) e).getString("field")).append(' '));
        return sb.toString().trim();
    }

    static JsonObject account(String id, String name) { return new JsonObject().put("id", id).put("name", name); }

    static void createAccount(String id) {
        assertThat(post("/admin/v1/accounts", account(id, "Client " + id)).statusCode()).isEqualTo(201);
    }

    // --- auth ---

    @Test
    void adminRoutesRequireTheBearerToken() {
        HttpResponse<Buffer> none = call(HttpMethod.GET, "/admin/v1/accounts", null, null);
        assertProblem(none, 401, "Bearer");
        assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer");

        HttpResponse<Buffer> wrong = call(HttpMethod.GET, "/admin/v1/accounts", null, "not-the-right-token-at-all");
        assertProblem(wrong, 401, "not valid");
        assertThat(wrong.getHeader("WWW-Authenticate")).startsWith("Bearer");

        HttpResponse<Buffer> prefix = call(HttpMethod.GET, "/admin/v1/accounts", null, TestApps.TOKEN.substring(0, 20));
        assertThat(prefix.statusCode()).isEqualTo(401);

        HttpResponse<Buffer> basic = await(client.get("/admin/v1/accounts").putHeader("Authorization", "Basic " + TestApps.TOKEN).send());
        assertThat(basic.statusCode()).isEqualTo(401);

        assertThat(get("/admin/v1/accounts").statusCode()).isEqualTo(200);
    }

    @Test
    void probesNeedNoToken() {
        HttpResponse<Buffer> health = call(HttpMethod.GET, "/health", null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));

        HttpResponse<Buffer> ready = call(HttpMethod.GET, "/ready", null, null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.bodyAsJsonObject())
                .isEqualTo(new JsonObject().put("status", "UP").put("store", "UP").put("ami", "DISABLED").put("state", "LOCAL"));
    }

    // --- protocol errors ---

    @Test
    void unknownRouteIs404AndWrongMethodIs405() {
        assertProblem(get("/admin/v1/nothing"), 404, "/admin/v1/nothing");
        assertProblem(call(HttpMethod.GET, "/nothing", null, null), 404, "/nothing");
        assertProblem(call(HttpMethod.PATCH, "/admin/v1/accounts", new JsonObject(), TestApps.TOKEN), 405, "PATCH");
        assertProblem(call(HttpMethod.POST, "/admin/v1/accounts/x", new JsonObject(), TestApps.TOKEN), 405, "POST");
    }

    @Test
    void malformedJsonIs400SayingSo() {
        HttpResponse<Buffer> r = post("/admin/v1/accounts", "{\"id\": \"a\", ");
        assertProblem(r, 400, "not valid JSON");
        assertThat(r.bodyAsJsonObject().getString("type")).endsWith("malformed-json");
        assertProblem(post("/admin/v1/accounts", "[1,2]"), 400, "JSON object");
        assertProblem(post("/admin/v1/accounts", ""), 400, "JSON object body is required");
    }

    @Test
    void bodyOverTheLimitIs413() {
        JsonObject big = account("big", "x".repeat(2000));
        assertProblem(post("/admin/v1/accounts", big), 413, "1024 bytes");
        assertProblem(get("/admin/v1/accounts/big"), 404, "account 'big' not found");
    }

    // --- accounts ---

    @Test
    void accountCrud() {
        HttpResponse<Buffer> created = post("/admin/v1/accounts", account("acme", "ACME SARL").put("maxCallSeconds", 3600));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.getHeader("Location")).isEqualTo("/admin/v1/accounts/acme");
        assertThat(created.bodyAsJsonObject())
                .isEqualTo(new JsonObject().put("id", "acme").put("name", "ACME SARL").put("maxCallSeconds", 3600)
                        .putNull("callsPerSecond"));

        assertThat(get("/admin/v1/accounts/acme").bodyAsJsonObject().getString("name")).isEqualTo("ACME SARL");
        assertThat(get("/admin/v1/accounts").bodyAsJsonArray().stream().map(o -> ((JsonObject) o).getString("id")))
                .contains("acme");

        HttpResponse<Buffer> replaced = put("/admin/v1/accounts/acme", new JsonObject().put("name", "ACME SA"));
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(replaced.bodyAsJsonObject().getLong("maxCallSeconds")).isEqualTo(7200L);
        assertThat(get("/admin/v1/accounts/acme").bodyAsJsonObject().getString("name")).isEqualTo("ACME SA");

        assertThat(delete("/admin/v1/accounts/acme").statusCode()).isEqualTo(204);
        assertProblem(get("/admin/v1/accounts/acme"), 404, "account 'acme' not found");
        assertProblem(delete("/admin/v1/accounts/acme"), 404, "account 'acme' not found");
    }

    @Test
    void duplicateAccountIs409() {
        createAccount("dup");
        assertProblem(post("/admin/v1/accounts", account("dup", "again")), 409, "account 'dup' already exists");
    }

    @Test
    void replacingAnUnknownAccountIs404AndIdMustMatchThePath() {
        assertProblem(put("/admin/v1/accounts/ghost", new JsonObject().put("name", "G")), 404, "account 'ghost' not found");
        createAccount("pathid");
        HttpResponse<Buffer> r = put("/admin/v1/accounts/pathid", account("other", "x"));
        assertThat(fields(r)).isEqualTo("id");
        assertThat(fieldErrors(r).getJsonObject(0).getString("message")).contains("must match");
    }

    @Test
    void accountValidationNamesEveryBadField() {
        HttpResponse<Buffer> r = post("/admin/v1/accounts",
                new JsonObject().put("id", "bad id!").put("name", " ").put("maxCallSeconds", 0).put("maxCalSeconds", 5));
        assertThat(r.bodyAsJsonObject().getString("type")).endsWith(":validation");
        assertThat(fields(r).split(" ")).containsExactlyInAnyOrder("id", "name", "maxCallSeconds", "maxCalSeconds");

        assertThat(fields(post("/admin/v1/accounts", new JsonObject().put("name", "n")))).isEqualTo("id");
        assertThat(fields(post("/admin/v1/accounts", account("x".repeat(65), "n")))).isEqualTo("id");
        assertThat(fields(post("/admin/v1/accounts", account("ok", "n").put("maxCallSeconds", 86401)))).isEqualTo("maxCallSeconds");
        assertThat(fields(post("/admin/v1/accounts", account("ok", "n").put("maxCallSeconds", "7200")))).isEqualTo("maxCallSeconds");
        assertThat(fields(post("/admin/v1/accounts", account("ok", "n".repeat(201))))).isEqualTo("name");
        assertThat(fields(post("/admin/v1/accounts", new JsonObject().put("id", 5).put("name", "n")))).isEqualTo("id");
    }

    @Test
    void accountCallsPerSecondIsOptionalNullMeaningThePolicyDefault() {
        HttpResponse<Buffer> created = post("/admin/v1/accounts", account("cps", "CPS").put("callsPerSecond", 5));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        assertThat(created.bodyAsJsonObject().getInteger("callsPerSecond")).isEqualTo(5);
        assertThat(get("/admin/v1/accounts/cps").bodyAsJsonObject().getInteger("callsPerSecond")).isEqualTo(5);
        assertThat(app.directory().account("cps").orElseThrow().callsPerSecond()).isEqualTo(5);

        HttpResponse<Buffer> unlimited = put("/admin/v1/accounts/cps", new JsonObject().put("name", "CPS").put("callsPerSecond", 0));
        assertThat(unlimited.bodyAsJsonObject().getInteger("callsPerSecond")).isZero();
        HttpResponse<Buffer> byDefault = put("/admin/v1/accounts/cps", new JsonObject().put("name", "CPS"));
        assertThat(byDefault.bodyAsJsonObject().containsKey("callsPerSecond")).isTrue();
        assertThat(byDefault.bodyAsJsonObject().getValue("callsPerSecond")).isNull();
        assertThat(app.directory().account("cps").orElseThrow().callsPerSecond()).isNull();

        assertThat(fields(post("/admin/v1/accounts", account("cps2", "n").put("callsPerSecond", -1)))).isEqualTo("callsPerSecond");
        assertThat(fields(post("/admin/v1/accounts", account("cps2", "n").put("callsPerSecond", 1001)))).isEqualTo("callsPerSecond");
        assertThat(fields(post("/admin/v1/accounts", account("cps2", "n").put("callsPerSecond", "5")))).isEqualTo("callsPerSecond");
    }

    // --- trunks ---

    @Test
    void trunkCrudWithKindDefaults() {
        createAccount("tr");
        HttpResponse<Buffer> t0 = post("/admin/v1/accounts/tr/trunks", new JsonObject().put("id", "tr-t0").put("kind", "T0_IP"));
        assertThat(t0.statusCode()).isEqualTo(201);
        assertThat(t0.getHeader("Location")).isEqualTo("/admin/v1/accounts/tr/trunks/tr-t0");
        assertThat(t0.bodyAsJsonObject()).isEqualTo(new JsonObject()
                .put("id", "tr-t0").put("accountId", "tr").put("kind", "T0_IP").put("channels", 2));
        assertThat(post("/admin/v1/accounts/tr/trunks", new JsonObject().put("id", "tr-t2").put("kind", "T2_IP"))
                .bodyAsJsonObject().getInteger("channels")).isEqualTo(30);
        assertThat(post("/admin/v1/accounts/tr/trunks", new JsonObject().put("id", "tr-o").put("kind", "OTHER").put("channels", 8))
                .bodyAsJsonObject().getInteger("channels")).isEqualTo(8);

        assertThat(get("/admin/v1/accounts/tr/trunks").bodyAsJsonArray()).hasSize(3);
        assertThat(get("/admin/v1/accounts/tr/trunks/tr-t2").bodyAsJsonObject().getString("kind")).isEqualTo("T2_IP");

        HttpResponse<Buffer> replaced = put("/admin/v1/accounts/tr/trunks/tr-t2", new JsonObject().put("kind", "T2_IP").put("channels", 10));
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(app.directory().trunk("tr-t2").orElseThrow().channels()).isEqualTo(10);

        assertThat(delete("/admin/v1/accounts/tr/trunks/tr-t2").statusCode()).isEqualTo(204);
        assertProblem(get("/admin/v1/accounts/tr/trunks/tr-t2"), 404, "trunk 'tr-t2' not found in account 'tr'");
        assertThat(app.directory().trunk("tr-t2")).isEmpty();
    }

    @Test
    void trunkValidationNamesFields() {
        createAccount("tv");
        assertThat(fields(post("/admin/v1/accounts/tv/trunks", new JsonObject().put("id", "tv-1").put("kind", "OTHER"))))
                .isEqualTo("channels");
        assertThat(fields(post("/admin/v1/accounts/tv/trunks", new JsonObject().put("id", "tv-1").put("kind", "T3"))))
                .isEqualTo("kind");
        assertThat(fields(post("/admin/v1/accounts/tv/trunks", new JsonObject().put("id", "tv-1").put("kind", "T0_IP").put("channels", 1001))))
                .isEqualTo("channels");
        assertThat(fields(post("/admin/v1/accounts/tv/trunks", new JsonObject().put("id", "tv 1").put("kind", "T0_IP"))))
                .isEqualTo("id");
        assertThat(post("/admin/v1/accounts/tv/trunks", new JsonObject().put("id", "tv-0").put("kind", "T0_IP").put("channels", 0))
                .statusCode()).isEqualTo(201);
        assertThat(fields(put("/admin/v1/accounts/tv/trunks/tv-0", new JsonObject().put("id", "tv-9").put("kind", "T0_IP"))))
                .isEqualTo("id");
    }

    @Test
    void trunkIdsAreUniqueAcrossAccountsAndScopedToTheirAccount() {
        createAccount("ua");
        createAccount("ub");
        assertThat(post("/admin/v1/accounts/ua/trunks", new JsonObject().put("id", "shared").put("kind", "T0_IP")).statusCode())
                .isEqualTo(201);
        assertProblem(post("/admin/v1/accounts/ub/trunks", new JsonObject().put("id", "shared").put("kind", "T0_IP")),
                409, "trunk 'shared' already exists");
        assertProblem(get("/admin/v1/accounts/ub/trunks/shared"), 404, "trunk 'shared' not found in account 'ub'");
        assertProblem(put("/admin/v1/accounts/ub/trunks/shared", new JsonObject().put("kind", "T0_IP")), 404, "not found");
        assertProblem(delete("/admin/v1/accounts/ub/trunks/shared"), 404, "not found");
    }

    @Test
    void unknownAccountInSubPathsIs404() {
        assertProblem(get("/admin/v1/accounts/nobody/trunks"), 404, "account 'nobody' not found");
        assertProblem(post("/admin/v1/accounts/nobody/trunks", new JsonObject().put("id", "t").put("kind", "T0_IP")),
                404, "account 'nobody' not found");
        assertProblem(get("/admin/v1/accounts/nobody/numbers"), 404, "account 'nobody' not found");
        assertProblem(post("/admin/v1/accounts/nobody/numbers", new JsonObject().put("number", "0198765400")),
                404, "account 'nobody' not found");
        assertProblem(get("/admin/v1/accounts/nobody/numbers/0198765400"), 404, "account 'nobody' not found");
    }

    // --- numbers ---

    @Test
    void numbersAreNormalisedInBodyAndPath() {
        createAccount("na");
        post("/admin/v1/accounts/na/trunks", new JsonObject().put("id", "na-t").put("kind", "T0_IP"));
        HttpResponse<Buffer> created = post("/admin/v1/accounts/na/numbers",
                new JsonObject().put("number", "+33198765432").put("trunkId", "na-t"));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        assertThat(created.getHeader("Location")).isEqualTo("/admin/v1/accounts/na/numbers/0198765432");
        assertThat(created.bodyAsJsonObject()).isEqualTo(new JsonObject()
                .put("number", "0198765432").put("accountId", "na").put("trunkId", "na-t"));

        assertThat(get("/admin/v1/accounts/na/numbers/+33198765432").statusCode()).isEqualTo(200);
        assertThat(get("/admin/v1/accounts/na/numbers/0198765432").bodyAsJsonObject().getString("trunkId")).isEqualTo("na-t");
        assertThat(get("/admin/v1/accounts/na/numbers").bodyAsJsonArray()).hasSize(1);
        assertThat(app.directory().number("0198765432")).isPresent();

        HttpResponse<Buffer> cleared = put("/admin/v1/accounts/na/numbers/+33198765432", new JsonObject());
        assertThat(cleared.statusCode()).as(cleared.bodyAsString()).isEqualTo(200);
        assertThat(cleared.bodyAsJsonObject().getString("trunkId")).isNull();
        assertThat(app.directory().number("0198765432").orElseThrow().trunkId()).isNull();

        assertProblem(post("/admin/v1/accounts/na/numbers", new JsonObject().put("number", "01 98 76 54 32")),
                409, "0198765432");
        assertThat(delete("/admin/v1/accounts/na/numbers/0198765432").statusCode()).isEqualTo(204);
        assertProblem(get("/admin/v1/accounts/na/numbers/0198765432"), 404, "not found");
        assertThat(app.directory().number("0198765432")).isEmpty();
    }

    @Test
    void numberValidationNamesFields() {
        createAccount("nv");
        createAccount("nw");
        post("/admin/v1/accounts/nw/trunks", new JsonObject().put("id", "nw-t").put("kind", "T0_IP"));
        HttpResponse<Buffer> intl = post("/admin/v1/accounts/nv/numbers", new JsonObject().put("number", "+442071234567"));
        assertThat(fields(intl)).isEqualTo("number");
        assertThat(fieldErrors(intl).getJsonObject(0).getString("message")).contains("INTERNATIONAL");
        assertThat(fields(post("/admin/v1/accounts/nv/numbers", new JsonObject().put("number", "112")))).isEqualTo("number");
        assertThat(fields(post("/admin/v1/accounts/nv/numbers", new JsonObject().put("number", "abc")))).isEqualTo("number");
        assertThat(fields(post("/admin/v1/accounts/nv/numbers", new JsonObject()))).isEqualTo("number");
        HttpResponse<Buffer> foreignTrunk = post("/admin/v1/accounts/nv/numbers",
                new JsonObject().put("number", "0612345678").put("trunkId", "nw-t"));
        assertThat(fields(foreignTrunk)).isEqualTo("trunkId");
        assertThat(fields(post("/admin/v1/accounts/nv/numbers", new JsonObject().put("number", "0612345678").put("trunkId", "nope"))))
                .isEqualTo("trunkId");
        assertProblem(get("/admin/v1/accounts/nv/numbers/112"), 404, "not found");
    }

    @Test
    void deletingATrunkClearsItFromItsNumbersInTheDirectory() {
        createAccount("dt");
        post("/admin/v1/accounts/dt/trunks", new JsonObject().put("id", "dt-t").put("kind", "T0_IP"));
        post("/admin/v1/accounts/dt/numbers", new JsonObject().put("number", "0498765432").put("trunkId", "dt-t"));
        assertThat(delete("/admin/v1/accounts/dt/trunks/dt-t").statusCode()).isEqualTo(204);
        assertThat(app.directory().number("0498765432").orElseThrow().trunkId()).isNull();
        assertThat(get("/admin/v1/accounts/dt/numbers/0498765432").bodyAsJsonObject().getString("trunkId")).isNull();
    }

    // --- trunk usage ---

    @Test
    void trunkUsageShowsTheCapAndTheReservationsWithTheirAge() throws Exception {
        createAccount("us");
        assertThat(post("/admin/v1/accounts/us/trunks", new JsonObject().put("id", "us-t").put("kind", "T0_IP")).statusCode())
                .isEqualTo(201);
        JsonObject empty = get("/admin/v1/trunks/us-t/usage").bodyAsJsonObject();
        assertThat(empty).isEqualTo(new JsonObject().put("trunkId", "us-t").put("accountId", "us").put("cap", 2)
                .put("inUse", 0).put("reservations", new JsonArray()));

        Decision d = app.engine().decide(new CallRequest(Direction.OUTBOUND, "us", "us-t", "0100000003", "0612345670",
                "PJSIP/us-t-00000001", "1736154000.90")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(d.allowed()).as(d.toString()).isTrue();
        // This app runs without AMI (whose tracker then hears nothing): report the channel as AMI would.
        app.tracker().channelCreated("1736154000.90", "1736154000.90", "PJSIP/us-t-00000001", "us", "0100000003",
                "0612345670", "Up");

        HttpResponse<Buffer> r = get("/admin/v1/trunks/us-t/usage");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject usage = r.bodyAsJsonObject();
        assertThat(usage.getInteger("cap")).isEqualTo(2);
        assertThat(usage.getInteger("inUse")).isEqualTo(1);
        JsonObject reservation = usage.getJsonArray("reservations").getJsonObject(0);
        assertThat(reservation.getString("holder")).isEqualTo("1736154000.90");
        assertThat(reservation.getString("channel")).isEqualTo("PJSIP/us-t-00000001");
        assertThat(reservation.getLong("ageSeconds")).isZero();
        assertThat(reservation.getString("expiresAt")).isEqualTo(TestApps.T0.plusSeconds(7200 + 300).toString());
        assertThat(reservation.getBoolean("forced")).isFalse();
    }

    @Test
    void trunkUsageOfAnUnknownTrunkIsA404ProblemAndNeedsTheToken() {
        assertProblem(get("/admin/v1/trunks/no-such-trunk/usage"), 404, "trunk 'no-such-trunk' not found");
        assertProblem(get("/admin/v1/trunks/bad%20id/usage"), 404, "not found");
        assertThat(call(HttpMethod.GET, "/admin/v1/trunks/no-such-trunk/usage", null, null).statusCode()).isEqualTo(401);
    }

    // --- the decision path sees writes ---

    @Test
    void decisionsSeeAccountsAndTrunksAsSoonAsTheApiReplies() throws Exception {
        CallRequest request = new CallRequest(Direction.OUTBOUND, "", "live-t", "0100000001", "0612345678",
                "PJSIP/live-t-00000001", "1736154000.1");
        assertThat(app.engine().resolve(request).accountKnown()).isFalse();

        assertThat(post("/admin/v1/accounts", account("live", "Live").put("maxCallSeconds", 1800)).statusCode()).isEqualTo(201);
        assertThat(post("/admin/v1/accounts/live/trunks", new JsonObject().put("id", "live-t").put("kind", "T0_IP")).statusCode())
                .isEqualTo(201);

        CallContext resolved = app.engine().resolve(request);
        assertThat(resolved.accountId()).isEqualTo("live");
        assertThat(resolved.account().maxCallSeconds()).isEqualTo(1800);
        assertThat(resolved.trunk()).isNotNull();
        Decision d = app.engine().decide(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(d.allowed()).as(d.toString()).isTrue();

        assertThat(delete("/admin/v1/accounts/live").statusCode()).isEqualTo(204);
        assertThat(app.engine().resolve(request).accountKnown()).isFalse();
        assertThat(app.directory().trunk("live-t")).isEmpty();
    }

    @Test
    void liveCallsListsTheTrackersCalls() throws Exception {
        createAccount("lc");
        CallRequest request = new CallRequest(Direction.OUTBOUND, "lc", "lc-t", "0100000002", "0612345679",
                "PJSIP/lc-t-0000000a", "1736154000.77");
        Decision d = app.engine().decide(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
        // Without AMI the engine does not feed the tracker (nothing would ever remove the call): feed it as it
        // does when AMI is on, to see the API's view of a decided call.
        app.tracker().onDecision(app.engine().resolve(request), d);

        HttpResponse<Buffer> r = get("/admin/v1/calls");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject call = r.bodyAsJsonArray().stream().map(JsonObject.class::cast)
                .filter(c -> "1736154000.77".equals(c.getString("uniqueId"))).findFirst().orElseThrow();
        assertThat(call.getString("accountId")).isEqualTo("lc");
        assertThat(call.getString("direction")).isEqualTo("OUTBOUND");
        assertThat(call.getString("callee")).isEqualTo("0612345679");
        assertThat(call.getString("startedAt")).isEqualTo(TestApps.T0.toString());
    }

    @Test
    void withoutAmiDecisionsDoNotPileUpAsLiveCalls() throws Exception {
        createAccount("no-ami");
        int before = app.tracker().size();
        for (int i = 0; i < 20; i++) {
            app.engine().decide(new CallRequest(Direction.OUTBOUND, "no-ami", "", "0100000004", "0612345671",
                    "PJSIP/no-ami-t-0000000" + i, "1736154001." + i)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        assertThat(app.tracker().size()).as("no AMI Hangup would ever remove them").isEqualTo(before);
        assertThat(get("/admin/v1/calls").bodyAsJsonArray().stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("uniqueId").startsWith("1736154001."))).isEmpty();
    }
}
