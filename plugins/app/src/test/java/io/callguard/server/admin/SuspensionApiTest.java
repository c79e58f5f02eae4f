package io.callguard.server.admin;

import io.callguard.core.time.MutableClock;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suspension and audit routes over real HTTP (AMI disabled): what a request may say, which answers it gets, and
 * who it is recorded as. The calls themselves are the end-to-end test's.
 */
@ExtendWith(VertxExtension.class)
class SuspensionApiTest {
    @TempDir static Path dir;
    static final MutableClock clock = new MutableClock(TestApps.T0);
    static CallguardApp app;
    static WebClient client;

    @BeforeAll
    static void start(Vertx vertx) {
        // room for a note of 1001 characters
        app = TestApps.start(TestApps.config(dir, Map.of("CALLGUARD_ADMIN_MAX_BODY_BYTES", "4096")), clock);
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.adminPort()));
        for (String id : List.of("acme", "globex")) {
            expect(call(HttpMethod.POST, "/admin/v1/accounts", new JsonObject().put("id", id).put("name", id), null), 201);
        }
        expect(call(HttpMethod.POST, "/admin/v1/accounts/acme/trunks", new JsonObject().put("id", "acme-t0").put("kind", "T0_IP"), null), 201);
        expect(call(HttpMethod.POST, "/admin/v1/accounts/globex/trunks", new JsonObject().put("id", "globex-t0").put("kind", "T0_IP"), null), 201);
    }

    @AfterAll
    static void stop() {
        if (client != null) client.close();
        if (app != null) await(app.stop());
    }

    static HttpResponse<Buffer> call(HttpMethod method, String path, JsonObject body, String actor) {
        HttpRequest<Buffer> req = client.request(method, path).bearerTokenAuthentication(TestApps.TOKEN);
        if (actor != null) req.putHeader("X-Callguard-Actor", actor);
        return await(body == null ? req.send() : req.sendJsonObject(body));
    }

    /** What a client sending UTF-8 puts in a header: one char per byte (Netty writes each char as one byte). */
    static String utf8OnTheWire(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    static HttpResponse<Buffer> expect(HttpResponse<Buffer> r, int status) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        return r;
    }

    static HttpResponse<Buffer> suspend(String account, JsonObject body) {
        return call(HttpMethod.POST, "/admin/v1/accounts/" + account + "/suspensions", body, null);
    }

    /** The one field error of a 400 validation problem, as "field: message". */
    static String fieldError(HttpResponse<Buffer> r) {
        expect(r, 400);
        assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
        JsonArray errors = r.bodyAsJsonObject().getJsonArray("errors");
        assertThat(errors).as(r.bodyAsString()).hasSize(1);
        return errors.getJsonObject(0).getString("field") + ": " + errors.getJsonObject(0).getString("message");
    }

    @Test
    void aSuspensionIsCreatedWithItsLocationArticleStatusAndActorAndReadBack() {
        HttpResponse<Buffer> r = expect(call(HttpMethod.POST, "/admin/v1/accounts/acme/suspensions", new JsonObject()
                .put("reason", "credit_threshold").put("note", "encours 1 250 €").put("trunkId", "acme-t0"), utf8OnTheWire("José Durand")), 201);
        JsonObject s = r.bodyAsJsonObject();
        assertThat(r.getHeader("Location")).isEqualTo("/admin/v1/accounts/acme/suspensions/" + s.getString("id"));
        assertThat(s.getString("reason")).isEqualTo("CREDIT_THRESHOLD");
        assertThat(s.getString("article")).isEqualTo("CGV 8.2");
        assertThat(s.getString("trunkId")).isEqualTo("acme-t0");
        assertThat(s.getString("note")).isEqualTo("encours 1 250 €");
        assertThat(s.getString("createdBy")).as("the header, read as UTF-8").isEqualTo("José Durand");
        assertThat(s.getString("createdAt")).isEqualTo(clock.instant().toString());
        assertThat(s.getString("startsAt")).isEqualTo(clock.instant().toString());
        assertThat(s.getBoolean("hangUpLiveCalls")).isFalse();
        assertThat(s.getString("status")).isEqualTo("ACTIVE");

        assertThat(expect(call(HttpMethod.GET, r.getHeader("Location"), null, null), 200).bodyAsJsonObject()).isEqualTo(s);
        JsonObject ended = expect(call(HttpMethod.DELETE, r.getHeader("Location"), null, null), 200).bodyAsJsonObject();
        assertThat(ended.getString("status")).isEqualTo("LIFTED");
        assertThat(ended.getString("endedBy")).as("no header: the default actor").isEqualTo("admin");
        assertThat(ended.getString("endedHow")).isEqualTo("LIFTED");
        HttpResponse<Buffer> again = expect(call(HttpMethod.DELETE, r.getHeader("Location"), null, null), 409);
        assertThat(again.bodyAsJsonObject().getString("detail")).contains("already lifted by admin");
    }

    @Test
    void theListHasTheHistoryNewestFirstAndFiltersByStatus() {
        String lifted = expect(suspend("globex", new JsonObject().put("reason", "LOW_ASR")), 201).bodyAsJsonObject().getString("id");
        expect(call(HttpMethod.DELETE, "/admin/v1/accounts/globex/suspensions/" + lifted, null, null), 200);
        String active = expect(suspend("globex", new JsonObject().put("reason", "SHORT_CALLS")), 201).bodyAsJsonObject().getString("id");
        String scheduled = expect(suspend("globex", new JsonObject().put("reason", "NON_PAYMENT")
                .put("startsAt", clock.instant().plus(Duration.ofDays(8)).toString())), 201).bodyAsJsonObject().getString("id");
        String cancelled = expect(suspend("globex", new JsonObject().put("reason", "OTHER").put("note", "test")
                .put("startsAt", "2030-01-01T10:00:00+01:00")), 201).bodyAsJsonObject().getString("id");
        assertThat(expect(call(HttpMethod.DELETE, "/admin/v1/accounts/globex/suspensions/" + cancelled, null, null), 200)
                .bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");

        assertThat(ids("")).containsExactly(cancelled, scheduled, active, lifted);
        assertThat(ids("?status=ACTIVE")).containsExactly(active);
        assertThat(ids("?status=scheduled,cancelled")).containsExactly(cancelled, scheduled);
        assertThat(ids("?status=LIFTED")).containsExactly(lifted);
        assertThat(fieldError(call(HttpMethod.GET, "/admin/v1/accounts/globex/suspensions?status=PAUSED", null, null)))
                .isEqualTo("status: unknown status 'PAUSED' (known: SCHEDULED, ACTIVE, LIFTED, CANCELLED)");
        expect(call(HttpMethod.DELETE, "/admin/v1/accounts/globex/suspensions/" + active, null, null), 200);
        expect(call(HttpMethod.DELETE, "/admin/v1/accounts/globex/suspensions/" + scheduled, null, null), 200);
    }

    private static List<String> ids(String query) {
        JsonArray list = expect(call(HttpMethod.GET, "/admin/v1/accounts/globex/suspensions" + query, null, null), 200)
                .bodyAsJsonArray();
        return list.stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    @Test
    void unknownAccountsAndSuspensionsAre404AndAnotherAccountsSuspensionIsUnknownToo() {
        expect(suspend("nobody", new JsonObject().put("reason", "LOW_ASR")), 404);
        expect(call(HttpMethod.GET, "/admin/v1/accounts/nobody/suspensions", null, null), 404);
        expect(call(HttpMethod.GET, "/admin/v1/accounts/acme/suspensions/00000000000000000X", null, null), 404);
        String globex = expect(suspend("globex", new JsonObject().put("reason", "LOW_ASR")), 201).bodyAsJsonObject().getString("id");
        expect(call(HttpMethod.GET, "/admin/v1/accounts/acme/suspensions/" + globex, null, null), 404);
        expect(call(HttpMethod.DELETE, "/admin/v1/accounts/acme/suspensions/" + globex, null, null), 404);
        expect(call(HttpMethod.DELETE, "/admin/v1/accounts/globex/suspensions/" + globex, null, null), 200);
    }

    @Test
    void badBodiesAre400NamingTheField() {
        HttpResponse<Buffer> unknownReason = suspend("acme", new JsonObject().put("reason", "LATE"));
        assertThat(fieldError(unknownReason)).startsWith("reason: unknown code 'LATE' (known: CREDIT_THRESHOLD, NON_PAYMENT,")
                .endsWith("FORCE_MAJEURE, OTHER)");
        assertThat(fieldError(suspend("acme", new JsonObject()))).isEqualTo("reason: is required");
        assertThat(fieldError(suspend("acme", new JsonObject().put("reason", "OTHER"))))
                .isEqualTo("note: is required when the reason is OTHER (say why)");
        assertThat(fieldError(suspend("acme", new JsonObject().put("reason", "LOW_ASR").put("note", "n".repeat(1001)))))
                .isEqualTo("note: at most 1000 characters, got 1001");
        assertThat(fieldError(suspend("acme", new JsonObject().put("reason", "LOW_ASR").put("trunkId", "globex-t0"))))
                .isEqualTo("trunkId: trunk 'globex-t0' is not a trunk of account 'acme'");
        assertThat(fieldError(suspend("acme", new JsonObject().put("reason", "LOW_ASR").put("trunkId", "ghost"))))
                .isEqualTo("trunkId: no trunk 'ghost'");
        assertThat(fieldError(suspend("acme", new JsonObject().put("reason", "LOW_ASR").put("startsAt", "tomorrow"))))
                .startsWith("startsAt: must be an ISO-8601 instant");
        assertThat(fieldError(suspend("acme", new JsonObject().put("reason", "LOW_ASR")
                .put("startsAt", clock.instant().minus(Duration.ofMinutes(5)).toString()))))
                .startsWith("startsAt: must not be before the creation time");
        assertThat(fieldError(suspend("acme", new JsonObject().put("reason", "LOW_ASR").put("hangUpLiveCalls", "yes"))))
                .isEqualTo("hangUpLiveCalls: must be true or false");
        assertThat(fieldError(suspend("acme", new JsonObject().put("reason", "LOW_ASR").put("hangup", true))))
                .isEqualTo("hangup: unknown field");
        assertThat(fieldError(call(HttpMethod.POST, "/admin/v1/accounts/acme/suspensions",
                new JsonObject().put("reason", "LOW_ASR"), "x".repeat(201))))
                .startsWith("X-Callguard-Actor: must be 1 to 200 printable characters");
        assertThat(fieldError(call(HttpMethod.POST, "/admin/v1/accounts/acme/suspensions",
                new JsonObject().put("reason", "LOW_ASR"), "  "))).startsWith("X-Callguard-Actor:");
        assertThat(app.suspensions().book().openFor("acme")).as("nothing was suspended").isEmpty();
    }

    @Test
    void theAuditQueryIsValidatedAndFilters() {
        expect(call(HttpMethod.PUT, "/admin/v1/accounts/globex", new JsonObject().put("name", "Globex Corp"), "alice"), 200);
        JsonArray trail = expect(call(HttpMethod.GET, "/admin/v1/audit?target=account:globex&limit=1", null, null), 200)
                .bodyAsJsonArray();
        JsonObject update = trail.getJsonObject(0);
        assertThat(update.getString("action")).isEqualTo("account.update");
        assertThat(update.getString("actor")).isEqualTo("alice");
        assertThat(update.getJsonObject("before").getString("name")).isEqualTo("globex");
        assertThat(update.getJsonObject("after").getString("name")).isEqualTo("Globex Corp");
        assertThat(update.getLong("id")).isPositive();

        assertThat(fieldError(call(HttpMethod.GET, "/admin/v1/audit?limit=0", null, null)))
                .isEqualTo("limit: must be an integer 1..1000, got '0'");
        assertThat(fieldError(call(HttpMethod.GET, "/admin/v1/audit?since=yesterday", null, null))).startsWith("since: ");
        assertThat(fieldError(call(HttpMethod.GET, "/admin/v1/audit?actor=alice", null, null)))
                .isEqualTo("actor: unknown parameter (known: limit, since, target)");
    }

    @Test
    void deletingAnAccountDropsItsOpenSuspensionsSoThatTheIdStartsAfresh() {
        expect(call(HttpMethod.POST, "/admin/v1/accounts", new JsonObject().put("id", "zeta").put("name", "Zeta"), null), 201);
        expect(suspend("zeta", new JsonObject().put("reason", "NON_PAYMENT")), 201);
        assertThat(app.suspensions().book().openFor("zeta")).hasSize(1);

        expect(call(HttpMethod.DELETE, "/admin/v1/accounts/zeta", null, "alice"), 204);
        assertThat(app.suspensions().book().openFor("zeta")).isEmpty();
        JsonObject deleted = expect(call(HttpMethod.GET, "/admin/v1/audit?target=account:zeta&limit=1", null, null), 200)
                .bodyAsJsonArray().getJsonObject(0);
        assertThat(deleted.getString("action")).isEqualTo("account.delete");
        assertThat(deleted.getJsonObject("before").getJsonArray("openSuspensions")).hasSize(1);

        expect(call(HttpMethod.POST, "/admin/v1/accounts", new JsonObject().put("id", "zeta").put("name", "Zeta"), null), 201);
        assertThat(expect(call(HttpMethod.GET, "/admin/v1/accounts/zeta/suspensions", null, null), 200).bodyAsJsonArray())
                .isEmpty();
    }
}
