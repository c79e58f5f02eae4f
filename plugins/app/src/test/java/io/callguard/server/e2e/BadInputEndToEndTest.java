package io.callguard.server.e2e;

import io.callguard.core.time.MutableClock;
import io.callguard.server.CallguardApp;
import io.callguard.server.LogCapture;
import io.callguard.server.TestApps;
import io.callguard.server.admin.AdminRequestFields;
import io.callguard.server.cti.CtiRequestFields;
import io.callguard.store.Store;
import io.callguard.store.StoreOptions;
import io.callguard.testkit.sip.FakeSmsGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Bad input over real HTTP against a whole callguard, the same on every store (a subclass per store): a control
 * character in any string of any admin or CTI body, query parameter, path segment or header callguard reads is a 400
 * naming the field and changes nothing; a body not sent as JSON is 415; malformed JSON is explained in plain words;
 * a store failure answers an error id (in the log too) and never the database URL, the SQL or the driver's text.
 *
 * <p>The routes and their fields come from the validators ({@link AdminRequestFields}, {@link CtiRequestFields}): a
 * field added to a validator is covered here without being listed. Every error response of the class is collected
 * and searched for store and parser internals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BadInputEndToEndTest {
    static final String TOKEN = TestApps.TOKEN;
    static final String NUMBER = "0140000001";
    /** Text that must never be in a response: store, driver and parser internals. */
    static final List<String> INTERNALS = List.of("jdbc:", "org.h2", "org.postgresql", "PSQLException", "JdbcSQL",
            "SQLException", "SQLState", "com.zaxxer", "Hikari", "flyway", "com.fasterxml", "StreamReadFeature",
            "Source: ", "REDACTED", "(code ");
    /** C0 (NUL, SOH, ESC, US), DEL, C1 (NEL, APC) and an unpaired surrogate: refused in every field. */
    static final List<String> ALWAYS_REFUSED = List.of("\u0000", "\u0001", "\u001B", "\u001F", "\u007F", "\u0085",
            "\u009F", "\uD800");
    /** Refused except in free-text fields (a suspension's note, an SMS's text). */
    static final List<String> LINE_BREAKS = List.of("\t", "\n", "\r");

    /** One route that takes a body: a valid body, the fields its validator knows, those that may span lines. */
    record BodyRoute(String api, String method, String path, JsonObject validBody, Set<String> fields,
                     Set<String> freeText) {
        @Override public String toString() { return method + " " + path; }
    }

    record Response(int status, String contentType, String body) {
        JsonObject json() { return new JsonObject(body); }

        /** The fields the problem names. */
        Set<String> fields() {
            Set<String> out = new TreeSet<>();
            JsonArray errors = json().getJsonArray("errors");
            if (errors != null) errors.forEach(e -> out.add(((JsonObject) e).getString("field")));
            return out;
        }
    }

    Path dir;
    CallguardApp app;
    FakeSmsGateway gateway;
    String ctiKey;
    /** Every response of status 400 or more this class received. */
    final List<String> errorResponses = new ArrayList<>();

    /** The store settings (CALLGUARD_STORE_*) for a callguard whose files go under {@code dir}. */
    abstract Map<String, String> storeSettings(Path dir);

    /** Why the store cannot be used here (the tests skip, or fail under CI=true), null when it can. */
    abstract String unavailable();

    /** A direct JDBC connection to the same database, schema and user as callguard's. */
    abstract Connection connectDirectly() throws SQLException;

    /** Runs once callguard has stopped: a store of its own is dropped here. */
    void dropStore() throws SQLException { }

    @BeforeAll
    void startCallguard() throws Exception {
        if (unavailable() != null) {
            if ("true".equals(System.getenv("CI"))) fail(unavailable() + ": CI=true makes this a failure");
            return;
        }
        dir = java.nio.file.Files.createTempDirectory("callguard-bad-input");
        gateway = new FakeSmsGateway(r -> 200);
        Map<String, String> env = new HashMap<>(storeSettings(dir));
        env.put("CALLGUARD_CTI_SMS_GATEWAY_URI", FakeSmsGateway.uri(gateway.port()));
        // the clock stands still: no bucket refills, so the limits must not get in the way of a few hundred requests
        env.put("CALLGUARD_CTI_REQUESTS_PER_SECOND", "100000");
        env.put("CALLGUARD_CTI_REQUESTS_BURST", "1000000");
        env.put("CALLGUARD_CTI_SMS_PER_SECOND", "1000");
        env.put("CALLGUARD_CTI_SMS_PER_MINUTE", "1000");
        env.put("CALLGUARD_ADMIN_MAX_BODY_BYTES", "65536");
        app = TestApps.start(TestApps.config(dir, env), new MutableClock(TestApps.T0));
        expect(request("admin", "POST", "/admin/v1/accounts", json(new JsonObject().put("id", "acme").put("name", "ACME"))), 201);
        expect(request("admin", "POST", "/admin/v1/accounts/acme/trunks",
                json(new JsonObject().put("id", "acme-t0").put("kind", "T0_IP"))), 201);
        expect(request("admin", "POST", "/admin/v1/accounts/acme/numbers",
                json(new JsonObject().put("number", NUMBER).put("trunkId", "acme-t0"))), 201);
        ctiKey = expect(request("admin", "POST", "/admin/v1/accounts/acme/api-keys",
                json(new JsonObject().put("label", "CRM"))), 201).json().getString("secret");
    }

    @AfterAll
    void stopCallguard() throws SQLException {
        if (app != null) await(app.stop());
        if (gateway != null) gateway.close();
        if (unavailable() == null) dropStore();
    }

    @BeforeEach
    void requireStore() {
        org.junit.jupiter.api.Assumptions.assumeTrue(unavailable() == null,
                () -> unavailable() + ": skipping; set CI=true to make this a failure");
    }

    /** The routes whose body is CSV, not JSON (the tariff plans' import): checked by their own test below. */
    static final List<String> CSV_ROUTES = List.of("POST /admin/v1/tariff-plans/pro/csv");

    /** Every route that takes a JSON body, with a body it accepts, and its fields as its validator defines them. */
    List<BodyRoute> bodyRoutes() {
        String future = TestApps.T0.plusSeconds(3600).toString();
        return List.of(
                new BodyRoute("admin", "POST", "/admin/v1/accounts", new JsonObject().put("id", "nul-test").put("name", "N")
                        .put("maxCallSeconds", 60).put("callsPerSecond", 1).put("activatedOn", "2024-03-15").put("invoiceDay", 15)
                        .put("creditThresholdCents", 1000).put("tariffPlan", "plan-a").put("monthlySubscriptionCents", 50_000),
                        AdminRequestFields.ACCOUNT, Set.of()),
                new BodyRoute("admin", "PUT", "/admin/v1/accounts/acme", new JsonObject().put("id", "acme").put("name", "ACME")
                        .put("maxCallSeconds", 60).put("callsPerSecond", 1).put("activatedOn", "2024-03-15").put("invoiceDay", 15)
                        .put("creditThresholdCents", 1000).put("tariffPlan", "plan-a").put("monthlySubscriptionCents", 50_000),
                        AdminRequestFields.ACCOUNT, Set.of()),
                new BodyRoute("admin", "POST", "/admin/v1/accounts/acme/trunks", new JsonObject().put("id", "acme-t2")
                        .put("kind", "T0_IP").put("channels", 2), AdminRequestFields.TRUNK, Set.of()),
                new BodyRoute("admin", "PUT", "/admin/v1/accounts/acme/trunks/acme-t0", new JsonObject().put("id", "acme-t0")
                        .put("kind", "T0_IP").put("channels", 2), AdminRequestFields.TRUNK, Set.of()),
                new BodyRoute("admin", "POST", "/admin/v1/accounts/acme/numbers", new JsonObject().put("number", "0899123456")
                        .put("trunkId", "acme-t0").put("chargeCents", 50).put("chargeUnit", "MINUTE")
                        .put("announcement", true), AdminRequestFields.NUMBER, Set.of()),
                new BodyRoute("admin", "PUT", "/admin/v1/accounts/acme/numbers/" + NUMBER, new JsonObject().put("number", NUMBER)
                        .put("trunkId", "acme-t0").put("chargeCents", 0).put("chargeUnit", "CALL")
                        .put("announcement", true), AdminRequestFields.NUMBER, Set.of()),
                new BodyRoute("admin", "POST", "/admin/v1/accounts/acme/suspensions", new JsonObject().put("reason", "OTHER")
                        .put("note", "why").put("startsAt", future).put("trunkId", "acme-t0").put("hangUpLiveCalls", false),
                        AdminRequestFields.SUSPENSION, AdminRequestFields.SUSPENSION_FREE_TEXT),
                new BodyRoute("admin", "POST", "/admin/v1/accounts/acme/api-keys", new JsonObject().put("label", "ERP"),
                        AdminRequestFields.API_KEY, Set.of()),
                new BodyRoute("admin", "PUT", "/admin/v1/tariff-plans/pro", new JsonObject().put("id", "pro")
                        .put("name", "Pro").put("connectionFeeCents", 0).put("firstIncrementSeconds", 30)
                        .put("nextIncrementSeconds", 1).put("rates", new JsonArray().add(new JsonObject().put("id", "mobile")
                                .put("destination", "MOBILE").put("perMinuteCents", 15))),
                        AdminRequestFields.TARIFF_PLAN, Set.of()),
                new BodyRoute("admin", "PUT", "/admin/v1/accounts/acme/billing", new JsonObject().put("unpaidCents", 990)
                        .put("asOf", TestApps.T0.toString()), AdminRequestFields.BILLING, Set.of()),
                new BodyRoute("admin", "POST", "/admin/v1/accounts/acme/payments", new JsonObject().put("amountCents", 500),
                        AdminRequestFields.PAYMENT, Set.of()),
                new BodyRoute("admin", "PUT", "/admin/v1/accounts/acme/traffic-rules", new JsonObject()
                        .put("LOW_ASR", new JsonObject().put("action", "alert"))
                        .put("SHORT_CALLS", new JsonObject().put("thresholdSeconds", 40))
                        .put("ABNORMAL_CONSUMPTION", new JsonObject().put("factor", 3))
                        .put("SIP_TRANSACTION_RATE", new JsonObject().put("action", "alert")),
                        AdminRequestFields.TRAFFIC_RULES, Set.of()),
                new BodyRoute("admin", "PUT", "/admin/v1/trunks/acme-t0/sip-addresses", new JsonObject()
                        .put("addresses", new JsonArray().add("203.0.113.5").add("198.51.100.0/28")),
                        AdminRequestFields.TRUNK_SIP_ADDRESSES, Set.of()),
                new BodyRoute("admin", "POST", "/admin/v1/incidents", new JsonObject().put("accountId", "acme")
                        .put("service", "acme-t0").put("openedAt", TestApps.T0.minusSeconds(7200).toString())
                        .put("restoredAt", TestApps.T0.toString()).put("notes", "card replaced"),
                        AdminRequestFields.INCIDENT, AdminRequestFields.INCIDENT_FREE_TEXT),
                new BodyRoute("admin", "PUT", "/admin/v1/incidents/0000000000AAAAAAAA", new JsonObject()
                        .put("accountId", "acme").put("service", "acme-t0")
                        .put("openedAt", TestApps.T0.minusSeconds(7200).toString())
                        .put("restoredAt", TestApps.T0.toString()).put("notes", "card replaced"),
                        AdminRequestFields.INCIDENT, AdminRequestFields.INCIDENT_FREE_TEXT),
                new BodyRoute("admin", "POST", "/admin/v1/accounts/acme/ranges", new JsonObject().put("first", "0198765400")
                        .put("last", "0198765499").put("size", 100), AdminRequestFields.RANGE, Set.of()),
                new BodyRoute("admin", "PUT", "/admin/v1/revenue-share/rates/089", new JsonObject().put("ratePercent", 50),
                        AdminRequestFields.SHARE_RATE, Set.of()),
                new BodyRoute("cti", "POST", "/cti/v1/sms", new JsonObject().put("from", NUMBER).put("to", "0612345678")
                        .put("text", "Bonjour").put("statusCallback", "https://crm.example.com/sms"),
                        CtiRequestFields.SMS, CtiRequestFields.SMS_FREE_TEXT),
                new BodyRoute("cti", "POST", "/cti/v1/calls", new JsonObject().put("line", "acme-t0").put("to", "0612345678")
                        .put("callerId", NUMBER), CtiRequestFields.CALL, Set.of()));
    }

    @Test
    @Order(0)
    void theTableCoversEveryMountedRouteThatTakesABody() {
        List<String> mounted = new ArrayList<>(CtiRequestFields.bodyRoutes(app));
        try (Store store = Store.open(new StoreOptions("jdbc:h2:mem:routes-" + UUID.randomUUID(), "", "", 1,
                Duration.ofSeconds(5)))) {
            mounted.addAll(AdminRequestFields.bodyRoutes(app, store));
        }
        assertThat(mounted).as("routes found").hasSizeGreaterThanOrEqualTo(10);
        for (String route : mounted) {
            String[] r = route.split(" ");
            String pattern = r[1].replaceAll(":[A-Za-z]+", "[^/]+");
            assertThat(bodyRoutes().stream().anyMatch(row -> row.method().equals(r[0]) && row.path().matches(pattern))
                    || CSV_ROUTES.stream().anyMatch(row -> row.startsWith(r[0] + " ") && row.substring(r[0].length() + 1)
                    .matches(pattern))).as("a row of the table (or a CSV route) for " + route).isTrue();
        }
        assertThat(bodyRoutes().size() + CSV_ROUTES.size()).isEqualTo(mounted.size());
    }

    @Test
    @Order(1)
    void aControlCharacterInAnyFieldOfAnyBodyIs400NamingTheFieldAndChangesNothing() {
        String before = state();
        int requests = 0;
        for (BodyRoute route : bodyRoutes()) {
            assertThat(route.validBody().fieldNames()).as("the valid body of %s uses every field", route)
                    .containsExactlyInAnyOrderElementsOf(route.fields());
            for (String field : route.fields()) {
                List<String> bad = new ArrayList<>(ALWAYS_REFUSED);
                if (!route.freeText().contains(field)) bad.addAll(LINE_BREAKS);
                for (String c : bad) {
                    JsonObject body = route.validBody().copy().put(field, "a" + c + "b");
                    Response r = request(route.api(), route.method(), route.path(), json(body));
                    String what = route + " with U+" + String.format("%04X", (int) c.charAt(0)) + " in " + field;
                    assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(400);
                    assertThat(r.contentType()).as(what).startsWith("application/problem+json");
                    assertThat(r.fields()).as(what + ": " + r.body()).containsExactly(field);
                    assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("message")).as(what)
                            .containsAnyOf("control characters", "valid Unicode");
                    requests++;
                }
            }
        }
        assertThat(requests).isGreaterThan(200);
        assertThat(state()).as("nothing was written").isEqualTo(before);
    }

    @Test
    @Order(2)
    void lineBreaksAreAcceptedInFreeTextAndStoredAsSent() {
        JsonObject suspension = expect(request("admin", "POST", "/admin/v1/accounts/acme/suspensions",
                json(new JsonObject().put("reason", "OTHER").put("note", "line one\nline two\r\n\tend")
                        .put("startsAt", TestApps.T0.plusSeconds(7200).toString()))), 201).json();
        assertThat(expect(request("admin", "GET", "/admin/v1/accounts/acme/suspensions/" + suspension.getString("id"),
                null), 200).json().getString("note")).isEqualTo("line one\nline two\r\n\tend");
        expect(request("admin", "DELETE", "/admin/v1/accounts/acme/suspensions/" + suspension.getString("id"), null), 200);

        JsonObject sms = expect(request("cti", "POST", "/cti/v1/sms", json(new JsonObject().put("from", NUMBER)
                .put("to", "0612345678").put("text", "Bonjour,\nà demain"))), 202).json();
        assertThat(expect(request("cti", "GET", "/cti/v1/sms/" + sms.getString("id"), null), 200).json().getString("status"))
                .isNotBlank();
    }

    @Test
    @Order(3)
    void aControlCharacterInAnyQueryParameterIs400NamingIt() {
        Map<String, Set<String>> routes = new LinkedHashMap<>();
        routes.put("admin GET /admin/v1/audit", AdminRequestFields.AUDIT_PARAMETERS);
        routes.put("admin GET /admin/v1/accounts/acme/suspensions", AdminRequestFields.SUSPENSION_LIST_PARAMETERS);
        routes.put("admin GET /admin/v1/accounts", Set.of("unknown"));
        routes.put("cti GET /cti/v1/sms/sms_none", Set.of("unknown"));
        routes.put("cti GET /cti/v1/calls/call_none", Set.of("unknown"));
        String before = state();
        for (Map.Entry<String, Set<String>> route : routes.entrySet()) {
            String[] r = route.getKey().split(" ");
            for (String parameter : route.getValue()) {
                for (String c : concat(ALWAYS_REFUSED.subList(0, 7), LINE_BREAKS)) {
                    Response answer = request(r[0], r[1], r[2] + "?" + parameter + "=" + encode("a" + c + "b"), null);
                    String what = route.getKey() + "?" + parameter + " with U+" + String.format("%04X", (int) c.charAt(0));
                    assertThat(answer.status()).as(what + ": " + answer.body()).isEqualTo(400);
                    assertThat(answer.fields()).as(what).containsExactly(parameter);
                }
            }
        }
        assertThat(state()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aControlCharacterInAPathSegmentIs400NamingThePath() {
        String before = state();
        for (String route : List.of("admin GET /admin/v1/accounts/%s", "admin PUT /admin/v1/accounts/%s",
                "admin DELETE /admin/v1/accounts/%s", "admin GET /admin/v1/accounts/acme/trunks/%s",
                "admin GET /admin/v1/accounts/%s/numbers", "admin GET /admin/v1/accounts/acme/numbers/%s",
                "admin GET /admin/v1/accounts/acme/suspensions/%s", "admin GET /admin/v1/trunks/%s/usage",
                "admin POST /admin/v1/accounts/%s/api-keys", "cti GET /cti/v1/sms/%s", "cti GET /cti/v1/calls/%s")) {
            String[] r = route.split(" ");
            for (String c : List.of("\u0000", "\u007F", "\u0085", "\n")) {
                JsonObject body = r[1].equals("PUT") ? new JsonObject().put("name", "x") : null;
                Response answer = request(r[0], r[1], String.format(r[2], encode("x" + c + "y")), body == null ? null : json(body));
                assertThat(answer.status()).as(route + ": " + answer.body()).isEqualTo(400);
                assertThat(answer.fields()).as(route).containsExactly("path");
            }
        }
        assertThat(state()).isEqualTo(before);
    }

    @Test
    @Order(5)
    void aControlCharacterInAHeaderIsAProblemNamingTheHeader() {
        String body = new JsonObject().put("id", "hdr").put("name", "H").encode();
        // C0 controls and DEL: refused by the HTTP parser while it reads the headers
        for (String c : List.of("\u0000", "\u0001", "\u001B", "\u007F")) {
            Response r = raw("admin", "POST /admin/v1/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nX-Callguard-Actor: al" + c + "ice\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body);
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.fields()).containsExactly("header");
            assertThat(r.json().getString("detail")).contains(String.format("U+%04X", (int) c.charAt(0)))
                    .contains("X-Callguard-Actor");
        }
        // tab and C1 (in UTF-8): let through by the parser, refused by callguard naming the header
        for (String c : List.of("\t", "\u0085", "\u009B")) {
            Response r = raw("admin", "POST /admin/v1/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nX-Callguard-Actor: al" + c + "ice\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body);
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.fields()).containsExactly("X-Callguard-Actor");
        }
        String sms = new JsonObject().put("from", NUMBER).put("to", "0612345678").put("text", "x").encode();
        Response idem = raw("cti", "POST /cti/v1/sms HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ctiKey
                + "\r\nIdempotency-Key: k\u0085y\r\nContent-Type: application/json\r\nContent-Length: "
                + sms.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + sms);
        assertThat(idem.status()).as(idem.body()).isEqualTo(400);
        assertThat(idem.fields()).containsExactly("Idempotency-Key");
        expect(request("admin", "GET", "/admin/v1/accounts/hdr", null), 404);
    }

    @Test
    @Order(5)
    void everyRequestTheHttpParserRefusesIsAProblemToo() {
        for (String api : List.of("admin", "cti")) {
            Response longLine = raw(api, "GET /" + api + "/v1/x?q=" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(longLine.status()).isEqualTo(414);
            assertThat(longLine.contentType()).startsWith("application/problem+json");
            assertThat(longLine.json().getString("type")).isEqualTo("urn:callguard:problem:uri-too-long");

            Response bigHeaders = raw(api, "GET /" + api + "/v1/x HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000)
                    + "\r\n\r\n");
            assertThat(bigHeaders.status()).isEqualTo(431);
            assertThat(bigHeaders.contentType()).startsWith("application/problem+json");

            Response garbage = raw(api, "GET /" + api + "/v1/x HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n\r\n");
            assertThat(garbage.status()).isEqualTo(400);
            assertThat(garbage.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    @Order(6)
    void malformedJsonIsExplainedInPlainWordsWithItsPlace() {
        for (String api : List.of("admin", "cti")) {
            String path = api.equals("admin") ? "/admin/v1/accounts" : "/cti/v1/sms";
            Response wrong = request(api, "POST", path, json("{\"id\":\"x\",\"name\":}"));
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.json().getString("type")).isEqualTo("urn:callguard:problem:malformed-json");
            assertThat(wrong.json().getString("detail")).isEqualTo("the body is not valid JSON (line 1, column 18)");

            Response cut = request(api, "POST", path, json("{\"id\": \"a\",\n  "));
            assertThat(cut.json().getString("detail"))
                    .isEqualTo("the body is not valid JSON: it ends before the JSON value is complete (line 2, column 3)");

            Response trailing = request(api, "POST", path, json("{} {}"));
            assertThat(trailing.json().getString("detail"))
                    .isEqualTo("the body is not valid JSON: something follows the JSON value");
        }
    }

    @Test
    @Order(7)
    void aBodyNotSentAsJsonIs415AndChangesNothing() {
        String before = state();
        for (BodyRoute route : bodyRoutes()) {
            String body = route.validBody().encode();
            for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null,
                    "application/json; charset=iso-8859-1", "application/jsonx", "text/json"}) {
                Response r = request(route.api(), route.method(), route.path(), new Body(type, body));
                assertThat(r.status()).as(route + " as " + type + ": " + r.body()).isEqualTo(415);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.json().getString("type")).isEqualTo("urn:callguard:problem:unsupported-media-type");
                assertThat(r.json().getString("detail")).contains("application/json");
            }
        }
        assertThat(state()).isEqualTo(before);

        String account = new JsonObject().put("id", "typed").put("name", "T").encode();
        expect(request("admin", "POST", "/admin/v1/accounts", new Body("application/json; charset=UTF-8", account)), 201);
        expect(request("admin", "PUT", "/admin/v1/accounts/typed", new Body("application/merge-patch+json", account)), 200);
        expect(request("admin", "DELETE", "/admin/v1/accounts/typed", null), 204);
    }

    /**
     * A CSV body: a control character in a cell is a 400 naming the line and the column, a body not sent as CSV is
     * 415, and nothing changes. (An unpaired surrogate cannot travel in a UTF-8 CSV body: left to the JSON routes.)
     */
    @Test
    @Order(7)
    void aControlCharacterInACsvCellIs400NamingTheLineAndColumnAndABodyNotSentAsCsvIs415() {
        String before = state();
        String path = CSV_ROUTES.get(0).split(" ")[1];
        List<String> bad = new ArrayList<>(ALWAYS_REFUSED);
        bad.remove("\uD800");
        bad.add("\t");
        for (String c : bad) {
            String csv = "id,destination,perMinuteCents\nmobile,MOBILE,15\na" + c + "b,GEOGRAPHIC,1\n";
            Response r = request("admin", "POST", path, new Body("text/csv", csv));
            String what = "CSV with U+" + String.format("%04X", (int) c.charAt(0)) + " in a cell";
            assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(400);
            assertThat(r.contentType()).as(what).startsWith("application/problem+json");
            assertThat(r.fields()).as(what + ": " + r.body()).containsExactly("line 3, id");
            assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("message")).as(what)
                    .contains("control characters");
        }
        String csv = "id,destination,perMinuteCents\nmobile,MOBILE,15\n";
        for (String type : new String[] {"text/plain", "application/json", null, "text/csv; charset=iso-8859-1"}) {
            Response r = request("admin", "POST", path, new Body(type, csv));
            assertThat(r.status()).as("CSV as " + type + ": " + r.body()).isEqualTo(415);
            assertThat(r.json().getString("type")).isEqualTo("urn:callguard:problem:unsupported-media-type");
            assertThat(r.json().getString("detail")).contains("text/csv");
        }
        assertThat(state()).isEqualTo(before);
    }

    @Test
    @Order(8)
    void aStoreFailureAnswersAnErrorIdThatIsInTheLogAndNoStoreInternals() throws SQLException {
        try (LogCapture logs = new LogCapture()) {
            for (String[] failure : new String[][] {
                    {"account", "admin", "GET", "/admin/v1/accounts", null},
                    {"account", "admin", "POST", "/admin/v1/accounts", "{\"id\":\"down\",\"name\":\"D\"}"},
                    {"audit_event", "admin", "GET", "/admin/v1/audit?target=account:acme", null},
                    {"cti_sms", "cti", "POST", "/cti/v1/sms", "{\"from\":\"" + NUMBER + "\",\"to\":\"0612345678\",\"text\":\"x\"}"}}) {
                String table = failure[0];
                rename(table, table + "_gone");
                Response r;
                try {
                    r = request(failure[1], failure[2], failure[3], failure[4] == null ? null : json(failure[4]));
                } finally {
                    rename(table + "_gone", table);
                }
                String what = failure[2] + " " + failure[3] + " without the table " + table;
                assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(503);
                assertThat(r.contentType()).startsWith("application/problem+json");
                JsonObject problem = r.json();
                String errorId = problem.getString("errorId");
                assertThat(errorId).as(what).matches("[0-9a-f]{12}");
                assertThat(problem.getString("detail")).as(what)
                        .isEqualTo("the database could not serve this request; retry later (error id " + errorId + ")");
                assertThat(logs.events()).as("the log names the error id and what failed")
                        .anyMatch(e -> e.startsWith("WARN ") && e.contains(errorId) && e.contains(failure[3].split("\\?")[0])
                                && e.toLowerCase(Locale.ROOT).contains(table));
            }
        }
        expect(request("admin", "GET", "/admin/v1/accounts", null), 200);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noErrorResponseOfThisClassHoldsStoreOrParserInternals() {
        assertThat(errorResponses).as("error responses collected").hasSizeGreaterThan(300);
        assertThat(errorResponses).anyMatch(r -> r.startsWith("503 ")).anyMatch(r -> r.startsWith("415 "))
                .anyMatch(r -> r.contains("malformed-json"));
        for (String response : errorResponses) {
            for (String internal : INTERNALS) {
                assertThat(response.toLowerCase(Locale.ROOT)).as(response).doesNotContain(internal.toLowerCase(Locale.ROOT));
            }
        }
    }

    // --- helpers ---

    /** What a write would change: the accounts, acme's trunks, numbers and suspensions, the audit trail. */
    String state() {
        StringBuilder out = new StringBuilder();
        // API keys are left out: their lastUsedAt changes with every CTI request (their issue is in the audit trail)
        for (String path : List.of("/admin/v1/accounts", "/admin/v1/accounts/acme/trunks", "/admin/v1/accounts/acme/numbers",
                "/admin/v1/accounts/acme/suspensions", "/admin/v1/tariff-plans", "/admin/v1/incidents?account=acme",
                "/admin/v1/audit?limit=1000")) {
            out.append(expect(request("admin", "GET", path, null), 200).body()).append('\n');
        }
        return out.toString();
    }

    void rename(String from, String to) throws SQLException {
        try (Connection c = connectDirectly(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + from + " RENAME TO " + to);
        }
    }

    record Body(String contentType, String text) { }

    /** The body as JSON text, surrogates escaped ({@code \\ud800}): UTF-8 cannot carry an unpaired one. */
    static Body json(JsonObject body) {
        StringBuilder text = new StringBuilder();
        for (char c : body.encode().toCharArray()) {
            if (Character.isSurrogate(c)) text.append(String.format("\\u%04x", (int) c));
            else text.append(c);
        }
        return new Body("application/json", text.toString());
    }

    static Body json(String body) { return new Body("application/json", body); }

    static Response expect(Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return r;
    }

    /** A request over a raw socket (bytes as given: tests of control characters need what HTTP clients refuse). */
    Response request(String api, String method, String pathAndQuery, Body body) {
        String auth = api.equals("admin") ? TOKEN : ctiKey;
        StringBuilder head = new StringBuilder(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\nHost: x\r\n")
                .append("Authorization: Bearer ").append(auth).append("\r\nConnection: close\r\n");
        byte[] bytes = body == null ? new byte[0] : body.text().getBytes(StandardCharsets.UTF_8);
        if (body != null && body.contentType() != null) head.append("Content-Type: ").append(body.contentType()).append("\r\n");
        head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        request.writeBytes(bytes);
        return send(api, request.toByteArray());
    }

    /** {@code text} sent as UTF-8, head and body. */
    Response raw(String api, String text) { return send(api, text.getBytes(StandardCharsets.UTF_8)); }

    private Response send(String api, byte[] request) {
        int port = api.equals("admin") ? app.adminPort() : app.ctiPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            Response r = parse(in.readAllBytes());
            if (r.status() >= 400) errorResponses.add(r.status() + " " + r.body());
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("a complete HTTP response: " + text).isPositive();
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = "";
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) contentType = line.substring(13).trim();
        }
        return new Response(status, contentType, text.substring(end + 4));
    }

    static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
