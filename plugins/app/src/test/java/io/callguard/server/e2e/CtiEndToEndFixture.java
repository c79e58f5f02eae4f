package io.callguard.server.e2e;

import io.callguard.core.time.MutableClock;
import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole callguard with its CTI API on a {@link MutableClock}: accounts {@code acme} (line {@code acme-t0}, number
 * {@value #ACME_NUMBER}) and {@code globex} (line {@code globex-t0}, number {@value #GLOBEX_NUMBER}), one API key
 * each issued through the admin API, HTTP clients for both APIs, and a tiny HTTP server that records status
 * callbacks. Subclasses add the SMS gateway and AMI settings.
 */
abstract class CtiEndToEndFixture {
    static final String ACME_NUMBER = "0140000001";
    static final String GLOBEX_NUMBER = "0140000002";
    static final String RECIPIENT = "0612345678";

    @TempDir Path dir;
    Vertx vertx;
    MutableClock clock;
    CallguardApp app;
    WebClient admin;
    WebClient cti;
    String acmeKey;
    String globexKey;
    HttpServer callbackServer;
    final LinkedBlockingQueue<JsonObject> callbacks = new LinkedBlockingQueue<>();

    /** Extra CALLGUARD_* settings of the test class. */
    abstract Map<String, String> settings();

    @BeforeEach
    void startCallguard() {
        vertx = Vertx.vertx();
        clock = new MutableClock(TestApps.T0);
        callbackServer = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            callbacks.add(b.toJsonObject());
            req.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1"));
        beforeStart();
        start();
        seed();
    }

    /** Runs before callguard starts (a test class starts its fakes here). */
    void beforeStart() { }

    void start() {
        Map<String, String> env = new HashMap<>(settings());
        env.put("CALLGUARD_CTI_CALLBACKS_FIRST_DELAY", "50ms");
        app = TestApps.start(TestApps.config(dir, env), clock);
        admin = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.adminPort()));
        cti = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.ctiPort()),
                new PoolOptions().setHttp1MaxSize(40));
    }

    void stop() {
        if (admin != null) admin.close();
        if (cti != null) cti.close();
        if (app != null) await(app.stop());
        admin = null;
        cti = null;
        app = null;
    }

    @AfterEach
    void stopEverything() {
        stop();
        afterStop();
        if (callbackServer != null) await(callbackServer.close());
        if (vertx != null) await(vertx.close());
    }

    /** Runs after callguard stopped (a test class stops its fakes here). */
    void afterStop() { }

    private void seed() {
        for (String[] a : new String[][] {{"acme", "acme-t0", ACME_NUMBER}, {"globex", "globex-t0", GLOBEX_NUMBER}}) {
            adminCall(HttpMethod.POST, "/admin/v1/accounts", new JsonObject().put("id", a[0]).put("name", a[0]), 201);
            adminCall(HttpMethod.POST, "/admin/v1/accounts/" + a[0] + "/trunks",
                    new JsonObject().put("id", a[1]).put("kind", "T0_IP"), 201);
            adminCall(HttpMethod.POST, "/admin/v1/accounts/" + a[0] + "/numbers",
                    new JsonObject().put("number", a[2]).put("trunkId", a[1]), 201);
        }
        acmeKey = issueKey("acme", "CRM").getString("secret");
        globexKey = issueKey("globex", "ERP").getString("secret");
    }

    JsonObject issueKey(String account, String label) {
        return adminCall(HttpMethod.POST, "/admin/v1/accounts/" + account + "/api-keys",
                new JsonObject().put("label", label), 201).bodyAsJsonObject();
    }

    HttpResponse<Buffer> adminCall(HttpMethod method, String path, JsonObject body, int expected) {
        HttpRequest<Buffer> request = admin.request(method, path).bearerTokenAuthentication(TestApps.TOKEN);
        HttpResponse<Buffer> r = await(body == null ? request.send() : request.sendJsonObject(body));
        assertThat(r.statusCode()).as(method + " " + path + " " + r.bodyAsString()).isEqualTo(expected);
        return r;
    }

    /** A CTI request with {@code key} as bearer (null: no Authorization). */
    Future<HttpResponse<Buffer>> ctiRequest(HttpMethod method, String path, String key, JsonObject body,
                                            String idempotencyKey) {
        HttpRequest<Buffer> request = cti.request(method, path);
        if (key != null) request.bearerTokenAuthentication(key);
        if (idempotencyKey != null) request.putHeader("Idempotency-Key", idempotencyKey);
        return body == null ? request.send() : request.sendJsonObject(body);
    }

    HttpResponse<Buffer> ctiCall(HttpMethod method, String path, String key, JsonObject body, int expected) {
        HttpResponse<Buffer> r = await(ctiRequest(method, path, key, body, null));
        assertThat(r.statusCode()).as(method + " " + path + " " + r.bodyAsString()).isEqualTo(expected);
        return r;
    }

    Future<HttpResponse<Buffer>> sendSms(String key, String from, String to, String text) {
        return ctiRequest(HttpMethod.POST, "/cti/v1/sms", key,
                new JsonObject().put("from", from).put("to", to).put("text", text), null);
    }

    String callbackUrl() { return "http://127.0.0.1:" + callbackServer.actualPort() + "/sms-status"; }

    JsonObject nextCallback() throws InterruptedException {
        JsonObject c = callbacks.poll(15, TimeUnit.SECONDS);
        assertThat(c).as("a status callback within 15 s").isNotNull();
        return c;
    }

    /** Waits (bounded) until the condition holds. */
    void until(String what, Duration timeout, BooleanSupplier condition) {
        TestApps.until(vertx, what, timeout, condition);
    }

    /** The SMS as GET shows it to {@code key}. */
    JsonObject sms(String key, String id) {
        return ctiCall(HttpMethod.GET, "/cti/v1/sms/" + id, key, null, 200).bodyAsJsonObject();
    }
}
