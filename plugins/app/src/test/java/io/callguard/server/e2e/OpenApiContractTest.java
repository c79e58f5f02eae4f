package io.callguard.server.e2e;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.OpenApi31;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.callguard.server.TestApps.TOKEN;
import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18: the OpenAPI 3.1 documents of the admin and CTI APIs against the running callguard (every rule module
 * started, over real sockets). The routers serve exactly the documented operations (a route added without
 * documentation fails here, naming the file to document it in); every documented operation answers, with a status
 * it documents; real answers, successes and problems, validate against the documented schemas (JSON Schema 2020-12);
 * the documents parse as OpenAPI 3.1 without a message.
 */
class OpenApiContractTest extends CtiEndToEndFixture {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private final Map<String, JsonObject> documents = new HashMap<>();
    private final Map<String, SchemaRegistry> registries = new HashMap<>();
    /** Every {@code "METHOD template status"} this test validated. */
    private final List<String> validated = new ArrayList<>();

    @Override Map<String, String> settings() { return Map.of(); }

    /** As the fixture's, with a longer bound: the first start of a JVM on a loaded machine may take over 20 s. */
    @Override void start() {
        Map<String, String> env = new HashMap<>(settings());
        env.put("CALLGUARD_CTI_CALLBACKS_FIRST_DELAY", "50ms");
        try {
            app = io.callguard.server.CallguardApp.start(io.callguard.server.TestApps.config(dir, env), clock)
                    .toCompletionStage().toCompletableFuture().get(90, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("callguard did not start", e);
        }
        admin = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(app.adminPort()));
        cti = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(app.ctiPort()));
    }

    /** One callguard for the three checks of the documents themselves (each start costs seconds). */
    @Test
    void theDocumentsAreExactValidAndEveryOperationAnswersAsDocumented() {
        theRoutersServeExactlyTheDocumentedOperations();
        theDocumentsAreServedWithoutCredentialsAndAreValidOpenApi31();
        everyDocumentedOperationAnswersWithADocumentedStatusAndSchema();
    }

    /** Successes and problems of the admin API, then of the CTI API, on one callguard. */
    @Test
    void realAnswersMatchTheirDocumentedSchemas() {
        realAdminAnswersMatchTheirSchemas();
        realCtiAnswersMatchTheirSchemas();
    }

    private void theRoutersServeExactlyTheDocumentedOperations() {
        Map<String, List<String>> coverage = app.apiDocumentCoverage();
        assertThat(coverage).containsOnlyKeys("admin", "cti");
        assertThat(coverage.get("admin")).as("admin API: routes and OpenAPI document").isEmpty();
        assertThat(coverage.get("cti")).as("CTI API: routes and OpenAPI document").isEmpty();
        assertThat(operations("admin")).hasSizeGreaterThan(45);
        assertThat(operations("cti")).contains("POST /cti/v1/sms", "GET /cti/v1/balance", "GET /cti/v1/records");
    }

    private void theDocumentsAreServedWithoutCredentialsAndAreValidOpenApi31() {
        for (String api : List.of("admin", "cti")) {
            WebClient client = api.equals("admin") ? admin : cti;
            HttpResponse<Buffer> r = await(client.get("/" + api + "/v1/openapi.json").send());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.bodyAsString(), null, options);
            assertThat(parsed.getMessages()).as(api + " document's parse messages").isEmpty();
            assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
            assertThat(parsed.getOpenAPI().getPaths()).isNotEmpty();
            // every operation has an id, a summary and at least one documented answer
            JsonObject paths = document(api).getJsonObject("paths");
            for (String path : paths.fieldNames()) {
                for (String method : paths.getJsonObject(path).fieldNames()) {
                    if (!METHODS.contains(method)) continue;
                    JsonObject op = paths.getJsonObject(path).getJsonObject(method);
                    assertThat(op.getString("operationId")).as(method + " " + path + " operationId").isNotBlank();
                    assertThat(op.getString("summary")).as(method + " " + path + " summary").isNotBlank();
                    assertThat(op.getJsonObject("responses")).as(method + " " + path + " responses").isNotEmpty();
                }
            }
        }
    }

    /**
     * Each documented operation, called with made-up path parameters and no body: a route answers it (not the
     * router's 404 / 405), with a status the operation documents and a body matching that status's schema.
     */
    private void everyDocumentedOperationAnswersWithADocumentedStatusAndSchema() {
        for (String api : List.of("admin", "cti")) {
            for (String op : operations(api)) {
                String method = op.substring(0, op.indexOf(' '));
                String template = op.substring(op.indexOf(' ') + 1);
                String path = template.replaceAll("\\{[A-Za-z]+}", "probe-1");
                HttpResponse<Buffer> r = call(api, HttpMethod.valueOf(method), path, null);
                String detail = r.bodyAsString() == null ? "" : r.bodyAsString();
                assertThat(r.statusCode()).as(op + " answers (" + detail + ")").isNotEqualTo(405);
                assertThat(detail).as(op + " is routed").doesNotContain("no resource at");
                check(api, method, template, r);
            }
        }
    }

    private void realAdminAnswersMatchTheirSchemas() {
        // the directory
        admin("POST", "/admin/v1/accounts", "/admin/v1/accounts", new JsonObject().put("id", "initech").put("name", "Initech")
                .put("callsPerSecond", 5).put("activatedOn", "2024-03-15").put("invoiceDay", 1)
                .put("monthlySubscriptionCents", 50000), 201);
        admin("GET", "/admin/v1/accounts/{id}", "/admin/v1/accounts/initech", null, 200);
        admin("POST", "/admin/v1/accounts", "/admin/v1/accounts", new JsonObject().put("id", "initech").put("name", "again"), 409);
        admin("POST", "/admin/v1/accounts", "/admin/v1/accounts", new JsonObject().put("id", "bad id!").put("maxCallSeconds", 0), 400);
        admin("GET", "/admin/v1/accounts", "/admin/v1/accounts", null, 200);
        admin("GET", "/admin/v1/accounts/{id}", "/admin/v1/accounts/initech", null, 200);
        admin("GET", "/admin/v1/accounts/{id}", "/admin/v1/accounts/nobody", null, 404);
        admin("PUT", "/admin/v1/accounts/{id}", "/admin/v1/accounts/initech", new JsonObject().put("name", "Initech SA")
                .put("monthlySubscriptionCents", 50000), 200);
        HttpResponse<Buffer> text = await(admin.post("/admin/v1/accounts").bearerTokenAuthentication(TOKEN)
                .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("{}")));
        assertThat(text.statusCode()).isEqualTo(415);
        check("admin", "POST", "/admin/v1/accounts", text);
        admin("POST", "/admin/v1/accounts/{id}/trunks", "/admin/v1/accounts/initech/trunks",
                new JsonObject().put("id", "initech-t0").put("kind", "T0_IP"), 201);
        admin("GET", "/admin/v1/accounts/{id}/trunks", "/admin/v1/accounts/initech/trunks", null, 200);
        admin("GET", "/admin/v1/accounts/{id}/trunks/{trunkId}", "/admin/v1/accounts/initech/trunks/initech-t0", null, 200);
        admin("PUT", "/admin/v1/accounts/{id}/trunks/{trunkId}", "/admin/v1/accounts/initech/trunks/initech-t0",
                new JsonObject().put("kind", "T0_IP").put("channels", 2), 200);
        admin("POST", "/admin/v1/accounts/{id}/numbers", "/admin/v1/accounts/initech/numbers",
                new JsonObject().put("number", "+33140000009").put("trunkId", "initech-t0"), 201);
        admin("POST", "/admin/v1/accounts/{id}/numbers", "/admin/v1/accounts/initech/numbers",
                new JsonObject().put("number", "0899123456").put("trunkId", "initech-t0").put("chargeCents", 80)
                        .put("chargeUnit", "MINUTE"), 201);
        admin("GET", "/admin/v1/accounts/{id}/numbers", "/admin/v1/accounts/initech/numbers", null, 200);
        admin("GET", "/admin/v1/accounts/{id}/numbers/{number}", "/admin/v1/accounts/initech/numbers/0899123456", null, 200);
        admin("PUT", "/admin/v1/accounts/{id}/numbers/{number}", "/admin/v1/accounts/initech/numbers/0899123456",
                new JsonObject().put("trunkId", "initech-t0").put("chargeCents", 80).put("chargeUnit", "MINUTE")
                        .put("announcement", false), 200);
        // tariffs (R9)
        admin("GET", "/admin/v1/tariff-prompts", "/admin/v1/tariff-prompts", null, 200);
        admin("GET", "/admin/v1/special-numbers", "/admin/v1/special-numbers", null, 200);
        admin("GET", "/admin/v1/reports/announcement-off", "/admin/v1/reports/announcement-off", null, 200);
        // suspensions
        JsonObject suspension = admin("POST", "/admin/v1/accounts/{id}/suspensions", "/admin/v1/accounts/initech/suspensions",
                new JsonObject().put("reason", "NON_PAYMENT").put("note", "formal notice unanswered"), 201).bodyAsJsonObject();
        admin("POST", "/admin/v1/accounts/{id}/suspensions", "/admin/v1/accounts/initech/suspensions",
                new JsonObject().put("reason", "NOT_A_REASON"), 400);
        admin("GET", "/admin/v1/accounts/{id}/suspensions", "/admin/v1/accounts/initech/suspensions?status=ACTIVE", null, 200);
        String one = "/admin/v1/accounts/initech/suspensions/" + suspension.getString("id");
        admin("GET", "/admin/v1/accounts/{id}/suspensions/{sid}", one, null, 200);
        admin("DELETE", "/admin/v1/accounts/{id}/suspensions/{sid}", one, null, 200);
        admin("DELETE", "/admin/v1/accounts/{id}/suspensions/{sid}", one, null, 409);
        // API keys
        JsonObject key = admin("POST", "/admin/v1/accounts/{id}/api-keys", "/admin/v1/accounts/initech/api-keys",
                new JsonObject().put("label", "CRM"), 201).bodyAsJsonObject();
        admin("GET", "/admin/v1/accounts/{id}/api-keys", "/admin/v1/accounts/initech/api-keys", null, 200);
        admin("DELETE", "/admin/v1/accounts/{id}/api-keys/{keyId}", "/admin/v1/accounts/initech/api-keys/" + key.getString("id"), null, 204);
        // credit (R3)
        admin("PUT", "/admin/v1/tariff-plans/{id}", "/admin/v1/tariff-plans/standard", new JsonObject()
                .put("name", "Standard").put("rates", new io.vertx.core.json.JsonArray()
                        .add(new JsonObject().put("id", "mobile").put("destination", "MOBILE").put("perMinuteCents", 15))
                        .add(new JsonObject().put("id", "fixed").put("destination", "GEOGRAPHIC").put("perMinuteCents", "1.5"))), 201);
        admin("GET", "/admin/v1/tariff-plans", "/admin/v1/tariff-plans", null, 200);
        admin("GET", "/admin/v1/tariff-plans/{id}", "/admin/v1/tariff-plans/standard?version=1", null, 200);
        admin("GET", "/admin/v1/tariff-plans/{id}", "/admin/v1/tariff-plans/standard?version=zero", null, 400);
        HttpResponse<Buffer> csv = await(admin.post("/admin/v1/tariff-plans/standard/csv?name=Standard")
                .bearerTokenAuthentication(TOKEN).putHeader("Content-Type", "text/csv")
                .sendBuffer(Buffer.buffer("id,destination,perMinuteCents\nmobile,MOBILE,12\n")));
        check("admin", "POST", "/admin/v1/tariff-plans/{id}/csv", csv);
        admin("PUT", "/admin/v1/accounts/{id}/billing", "/admin/v1/accounts/initech/billing",
                new JsonObject().put("unpaidCents", 1200).put("asOf", "2025-01-05T23:59:59Z"), 200);
        admin("POST", "/admin/v1/accounts/{id}/payments", "/admin/v1/accounts/initech/payments",
                new JsonObject().put("amountCents", 500), 201);
        admin("GET", "/admin/v1/accounts/{id}/balance", "/admin/v1/accounts/initech/balance", null, 200);
        // traffic (R5, R14)
        admin("GET", "/admin/v1/accounts/{id}/traffic", "/admin/v1/accounts/initech/traffic", null, 200);
        admin("GET", "/admin/v1/accounts/{id}/traffic", "/admin/v1/accounts/initech/traffic?day=yesterday", null, 400);
        admin("GET", "/admin/v1/accounts/{id}/traffic-rules", "/admin/v1/accounts/initech/traffic-rules", null, 200);
        admin("PUT", "/admin/v1/accounts/{id}/traffic-rules", "/admin/v1/accounts/initech/traffic-rules",
                new JsonObject().put("LOW_ASR", new JsonObject().put("action", "alert").put("threshold", 0.4)
                        .put("minCalls", 100)), 200);
        admin("GET", "/admin/v1/reports/telemarketing", "/admin/v1/reports/telemarketing", null, 200);
        // caps, SIP rates
        admin("GET", "/admin/v1/trunks/{trunkId}/usage", "/admin/v1/trunks/initech-t0/usage", null, 200);
        admin("PUT", "/admin/v1/trunks/{trunkId}/sip-addresses", "/admin/v1/trunks/initech-t0/sip-addresses",
                new JsonObject().put("addresses", new io.vertx.core.json.JsonArray().add("203.0.113.5").add("198.51.100.0/28")), 200);
        admin("GET", "/admin/v1/trunks/{trunkId}/sip-addresses", "/admin/v1/trunks/initech-t0/sip-addresses", null, 200);
        admin("GET", "/admin/v1/blocked-addresses", "/admin/v1/blocked-addresses", null, 200);
        admin("DELETE", "/admin/v1/blocked-addresses/{address}", "/admin/v1/blocked-addresses/203.0.113.9", null, 404);
        admin("DELETE", "/admin/v1/blocked-addresses/{address}", "/admin/v1/blocked-addresses/not-an-ip", null, 400);
        // records
        admin("GET", "/admin/v1/accounts/{accountId}/records", "/admin/v1/accounts/initech/records?limit=10", null, 200);
        admin("GET", "/admin/v1/accounts/{accountId}/records", "/admin/v1/accounts/initech/records?limit=0", null, 400);
        admin("GET", "/admin/v1/records/verify", "/admin/v1/records/verify", null, 200);
        admin("GET", "/admin/v1/records/checkpoints", "/admin/v1/records/checkpoints", null, 200);
        admin("POST", "/admin/v1/records/purge", "/admin/v1/records/purge?dryRun=true", null, 200);
        incidentsAndGtrAnswersMatchTheirSchemas();
        reportsAnswersMatchTheirSchemas();
        // built-in
        admin("GET", "/admin/v1/ops/summary", "/admin/v1/ops/summary?limit=5&minutes=10", null, 200);
        admin("GET", "/admin/v1/ops/summary", "/admin/v1/ops/summary?limit=0", null, 400);
        assertThat(operations("admin")).as("metrics are on by default").contains("GET /metrics");
        admin("GET", "/metrics", "/metrics", null, 200); // the admin token is accepted
        HttpResponse<Buffer> anonymous = await(admin.get("/metrics").send());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        check("admin", "GET", "/metrics", anonymous);
        admin("GET", "/admin/v1/audit", "/admin/v1/audit?target=account:initech&limit=50", null, 200);
        admin("GET", "/admin/v1/audit", "/admin/v1/audit?limit=0", null, 400);
        admin("GET", "/admin/v1/calls", "/admin/v1/calls", null, 200);
        admin("GET", "/admin/v1/listeners", "/admin/v1/listeners", null, 200);
        admin("GET", "/health", "/health", null, 200);
        admin("GET", "/ready", "/ready", null, 200);
        HttpResponse<Buffer> noToken = await(admin.get("/admin/v1/accounts").send());
        assertThat(noToken.statusCode()).isEqualTo(401);
        check("admin", "GET", "/admin/v1/accounts", noToken);
        // the deletions last
        admin("DELETE", "/admin/v1/accounts/{id}/numbers/{number}", "/admin/v1/accounts/initech/numbers/0140000009", null, 204);
        admin("DELETE", "/admin/v1/accounts/{id}/trunks/{trunkId}", "/admin/v1/accounts/initech/trunks/nope", null, 404);
        admin("DELETE", "/admin/v1/accounts/{id}", "/admin/v1/accounts/initech", null, 204);

        assertThat(validated).hasSizeGreaterThan(60);
    }

    private void realCtiAnswersMatchTheirSchemas() {
        HttpResponse<Buffer> sms = cti("POST", "/cti/v1/sms", "/cti/v1/sms", acmeKey, new JsonObject()
                .put("from", ACME_NUMBER).put("to", RECIPIENT).put("text", "Your order has shipped"), 202);
        cti("GET", "/cti/v1/sms/{smsId}", "/cti/v1/sms/" + sms.bodyAsJsonObject().getString("id"), acmeKey, null, 200);
        cti("GET", "/cti/v1/sms/{smsId}", "/cti/v1/sms/" + sms.bodyAsJsonObject().getString("id"), globexKey, null, 404);
        cti("POST", "/cti/v1/sms", "/cti/v1/sms", acmeKey, new JsonObject()
                .put("from", GLOBEX_NUMBER).put("to", RECIPIENT).put("text", "not mine"), 403);
        cti("POST", "/cti/v1/sms", "/cti/v1/sms", acmeKey, new JsonObject().put("from", ACME_NUMBER).put("text", "x"), 400);
        cti("POST", "/cti/v1/sms", "/cti/v1/sms", acmeKey, new JsonObject()
                .put("from", ACME_NUMBER).put("to", RECIPIENT).put("text", "too soon"), 429);
        cti("POST", "/cti/v1/calls", "/cti/v1/calls", acmeKey, new JsonObject().put("line", "globex-t0").put("to", RECIPIENT), 403);
        cti("POST", "/cti/v1/calls", "/cti/v1/calls", acmeKey, new JsonObject().put("line", "acme-t0").put("to", "not a number"), 400);
        cti("GET", "/cti/v1/calls/{callId}", "/cti/v1/calls/nope", acmeKey, null, 404);
        cti("GET", "/cti/v1/balance", "/cti/v1/balance", acmeKey, null, 200);
        cti("GET", "/cti/v1/records", "/cti/v1/records?limit=5", acmeKey, null, 200);
        cti("GET", "/cti/v1/records", "/cti/v1/records?account=globex", acmeKey, null, 403);
        cti("GET", "/cti/v1/balance", "/cti/v1/balance", null, null, 401);
        cti("GET", "/cti/v1/balance", "/cti/v1/balance", TOKEN, null, 401);
        assertThat(validated).hasSizeGreaterThan(70);
    }

    /** The incidents module (R12): tickets and the GTR report, on the account {@code initech} (with a subscription). */
    private void incidentsAndGtrAnswersMatchTheirSchemas() {
        java.time.Instant now = clock.instant();
        JsonObject ticket = admin("POST", "/admin/v1/incidents", "/admin/v1/incidents", new JsonObject()
                .put("accountId", "initech").put("service", "T0 trunk initech-t0")
                .put("openedAt", now.minus(java.time.Duration.ofHours(3)).toString())
                .put("restoredAt", now.minus(java.time.Duration.ofHours(1)).toString()).put("notes", "ticket OP-1\nfibre cut"), 201)
                .bodyAsJsonObject();
        admin("POST", "/admin/v1/incidents", "/admin/v1/incidents", new JsonObject().put("accountId", "nobody")
                .put("service", "x").put("openedAt", now.minus(java.time.Duration.ofHours(3)).toString()), 404);
        admin("POST", "/admin/v1/incidents", "/admin/v1/incidents", new JsonObject().put("accountId", "initech")
                .put("service", " ").put("openedAt", "yesterday").put("colour", "red"), 400);
        admin("GET", "/admin/v1/incidents", "/admin/v1/incidents?account=initech", null, 200);
        admin("GET", "/admin/v1/incidents", "/admin/v1/incidents", null, 400);
        String one = "/admin/v1/incidents/" + ticket.getString("id");
        admin("GET", "/admin/v1/incidents/{id}", one, null, 200);
        JsonObject gtr = admin("GET", "/admin/v1/reports/gtr", "/admin/v1/reports/gtr?account=initech", null, 200)
                .bodyAsJsonObject();
        assertThat(gtr.getJsonArray("accounts").getJsonObject(0).getLong("monthlySubscriptionCents")).isEqualTo(50000L);
        assertThat(gtr.getJsonArray("accounts").getJsonObject(0).getJsonArray("incidents")).hasSize(1);
        admin("GET", "/admin/v1/reports/gtr", "/admin/v1/reports/gtr", null, 200);
        admin("GET", "/admin/v1/reports/gtr", "/admin/v1/reports/gtr?format=csv", null, 200);
        admin("GET", "/admin/v1/reports/gtr", "/admin/v1/reports/gtr?year=99", null, 400);
        admin("GET", "/admin/v1/reports/gtr", "/admin/v1/reports/gtr?account=nobody", null, 404);
        admin("PUT", "/admin/v1/incidents/{id}", one, new JsonObject().putNull("restoredAt"), 200); // reopened
        admin("GET", "/admin/v1/reports/gtr", "/admin/v1/reports/gtr?account=initech", null, 200);
        admin("PUT", "/admin/v1/incidents/{id}", one, new JsonObject().put("accountId", "acme"), 400);
        admin("DELETE", "/admin/v1/incidents/{id}", one, null, 204);
        admin("GET", "/admin/v1/incidents/{id}", one, null, 404);
    }

    /** The reports module: share rates, revenue share (R10), number ranges (R13), the statement. */
    private void reportsAnswersMatchTheirSchemas() {
        admin("PUT", "/admin/v1/revenue-share/rates/{target}", "/admin/v1/revenue-share/rates/089",
                new JsonObject().put("ratePercent", 50), 200);
        admin("PUT", "/admin/v1/revenue-share/rates/{target}", "/admin/v1/revenue-share/rates/0899123456",
                new JsonObject().put("ratePercent", "60.5"), 200);
        admin("PUT", "/admin/v1/revenue-share/rates/{target}", "/admin/v1/revenue-share/rates/0899000000",
                new JsonObject().put("ratePercent", 10), 404);
        admin("PUT", "/admin/v1/revenue-share/rates/{target}", "/admin/v1/revenue-share/rates/089",
                new JsonObject().put("ratePercent", 101), 400);
        admin("GET", "/admin/v1/revenue-share/rates", "/admin/v1/revenue-share/rates", null, 200);
        admin("DELETE", "/admin/v1/revenue-share/rates/{target}", "/admin/v1/revenue-share/rates/0899123456", null, 204);
        admin("DELETE", "/admin/v1/revenue-share/rates/{target}", "/admin/v1/revenue-share/rates/0899123456", null, 404);
        admin("DELETE", "/admin/v1/revenue-share/rates/{target}", "/admin/v1/revenue-share/rates/07", null, 400);
        admin("GET", "/admin/v1/reports/revenue-share", "/admin/v1/reports/revenue-share", null, 200);
        admin("GET", "/admin/v1/reports/revenue-share", "/admin/v1/reports/revenue-share?account=initech&format=csv", null, 200);
        admin("GET", "/admin/v1/reports/revenue-share", "/admin/v1/reports/revenue-share?month=2026-13", null, 400);
        admin("GET", "/admin/v1/reports/revenue-share", "/admin/v1/reports/revenue-share?account=nobody", null, 404);
        String thisMonth = java.time.YearMonth.from(clock.instant().atZone(java.time.ZoneId.of("Europe/Paris"))).toString();
        admin("POST", "/admin/v1/reports/revenue-share/close", "/admin/v1/reports/revenue-share/close?month=" + thisMonth, null, 409);
        admin("POST", "/admin/v1/reports/revenue-share/close", "/admin/v1/reports/revenue-share/close", null, 400);
        admin("POST", "/admin/v1/accounts/{id}/ranges", "/admin/v1/accounts/initech/ranges",
                new JsonObject().put("first", "0198765400").put("size", 100), 201);
        admin("POST", "/admin/v1/accounts/{id}/ranges", "/admin/v1/accounts/initech/ranges",
                new JsonObject().put("first", "0198765450").put("last", "0198765460"), 409);
        admin("POST", "/admin/v1/accounts/{id}/ranges", "/admin/v1/accounts/initech/ranges",
                new JsonObject().put("first", "12"), 400);
        admin("POST", "/admin/v1/accounts/{id}/ranges", "/admin/v1/accounts/nobody/ranges",
                new JsonObject().put("first", "0198765400").put("size", 1), 404);
        admin("GET", "/admin/v1/accounts/{id}/ranges", "/admin/v1/accounts/initech/ranges", null, 200);
        admin("GET", "/admin/v1/reports/ranges", "/admin/v1/reports/ranges", null, 200);
        admin("GET", "/admin/v1/reports/ranges", "/admin/v1/reports/ranges?account=initech&format=csv", null, 200);
        admin("GET", "/admin/v1/reports/ranges", "/admin/v1/reports/ranges?format=pdf", null, 400);
        admin("GET", "/admin/v1/reports/statement", "/admin/v1/reports/statement?account=initech", null, 200);
        admin("GET", "/admin/v1/reports/statement", "/admin/v1/reports/statement", null, 400);
        admin("GET", "/admin/v1/reports/statement", "/admin/v1/reports/statement?account=nobody", null, 404);
        admin("DELETE", "/admin/v1/accounts/{id}/ranges/{first}", "/admin/v1/accounts/initech/ranges/0198765400", null, 204);
        admin("DELETE", "/admin/v1/accounts/{id}/ranges/{first}", "/admin/v1/accounts/initech/ranges/0198765400", null, 404);
    }

    private HttpResponse<Buffer> admin(String method, String template, String path, JsonObject body, int expected) {
        HttpResponse<Buffer> r = call("admin", HttpMethod.valueOf(method), path, body);
        assertThat(r.statusCode()).as(method + " " + path + " " + r.bodyAsString()).isEqualTo(expected);
        check("admin", method, template, r);
        return r;
    }

    private HttpResponse<Buffer> cti(String method, String template, String path, String key, JsonObject body, int expected) {
        HttpRequest<Buffer> request = cti.request(HttpMethod.valueOf(method), path);
        if (key != null) request.bearerTokenAuthentication(key);
        HttpResponse<Buffer> r = await(body == null ? request.send() : request.sendJsonObject(body));
        assertThat(r.statusCode()).as(method + " " + path + " " + r.bodyAsString()).isEqualTo(expected);
        check("cti", method, template, r);
        return r;
    }

    private HttpResponse<Buffer> call(String api, HttpMethod method, String path, JsonObject body) {
        HttpRequest<Buffer> request = (api.equals("admin") ? admin : cti).request(method, path)
                .bearerTokenAuthentication(api.equals("admin") ? TOKEN : acmeKey);
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    /**
     * {@code r} is an answer {@code METHOD template} documents: its status (or {@code default}) is listed, and its body
     * validates against the schema of its content type (none for a bodiless answer).
     */
    private void check(String api, String method, String template, HttpResponse<Buffer> r) {
        JsonObject doc = document(api);
        JsonObject pathItem = doc.getJsonObject("paths").getJsonObject(template);
        assertThat(pathItem).as(template + " documented in the " + api + " document").isNotNull();
        JsonObject op = pathItem.getJsonObject(method.toLowerCase(Locale.ROOT));
        assertThat(op).as(method + " " + template + " documented").isNotNull();
        String status = Integer.toString(r.statusCode());
        String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/";
        JsonObject response = op.getJsonObject("responses").getJsonObject(status);
        if (response == null) {
            response = op.getJsonObject("responses").getJsonObject("default");
            pointer += "default";
        } else {
            pointer += status;
        }
        assertThat(response).as(method + " " + template + " documents status " + status + " (answered "
                + r.bodyAsString() + ")").isNotNull();
        if (response.containsKey("$ref")) {
            String ref = response.getString("$ref");
            pointer = ref.substring(1);
            response = resolve(doc, pointer);
        }
        String body = r.bodyAsString();
        if (body == null || body.isEmpty()) {
            assertThat(response.getJsonObject("content")).as(method + " " + template + " " + status + " has no body").isNull();
            validated.add(method + " " + template + " " + status);
            return;
        }
        String contentType = r.getHeader("Content-Type").split(";")[0].trim();
        JsonObject content = response.getJsonObject("content");
        assertThat(content).as(method + " " + template + " " + status + " documents a body").isNotNull();
        assertThat(content.getJsonObject(contentType)).as(method + " " + template + " " + status + " documents "
                + contentType).isNotNull();
        if (!contentType.contains("json")) {
            validated.add(method + " " + template + " " + status);
            return;
        }
        Schema schema = registry(api).getSchema(SchemaLocation.of(iri(api) + "#" + pointer + "/content/"
                + escape(contentType) + "/schema"));
        List<Error> errors = schema.validate(body, InputFormat.JSON);
        assertThat(errors).as(method + " " + template + " " + status + " answered " + body
                + " against its documented schema").isEmpty();
        validated.add(method + " " + template + " " + status);
    }

    private static JsonObject resolve(JsonObject doc, String pointer) {
        Object at = doc;
        for (String part : pointer.substring(1).split("/")) {
            at = ((JsonObject) at).getValue(part.replace("~1", "/").replace("~0", "~"));
        }
        return (JsonObject) at;
    }

    private static String escape(String s) { return s.replace("~", "~0").replace("/", "~1"); }

    private static String iri(String api) { return "https://callguard.test/" + api + "/openapi.json"; }

    private SchemaRegistry registry(String api) {
        return registries.computeIfAbsent(api, a -> SchemaRegistry.withDefaultDialect(OpenApi31.getInstance(),
                builder -> builder.schemas(Map.of(iri(a), document(a).encode()))));
    }

    private JsonObject document(String api) {
        return documents.computeIfAbsent(api, a -> {
            HttpResponse<Buffer> r = await((a.equals("admin") ? admin : cti).get("/" + a + "/v1/openapi.json").send());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.bodyAsJsonObject();
        });
    }

    private List<String> operations(String api) {
        List<String> out = new ArrayList<>();
        JsonObject paths = document(api).getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                if (METHODS.contains(method)) out.add(method.toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        return out;
    }
}
