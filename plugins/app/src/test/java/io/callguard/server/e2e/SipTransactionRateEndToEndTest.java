package io.callguard.server.e2e;

import com.sun.net.httpserver.HttpServer;
import io.callguard.hep.HepSender;
import io.callguard.server.TestApps;
import io.callguard.traffic.watch.SignedWebhook;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * R5's SIP_TRANSACTION_RATE end to end, nothing stubbed: the app with its HEP collector on a free UDP port, the trunk
 * addresses of acme and beta mapped by {@code sipRates.accountAddresses}, their traffic rules written over the admin
 * API; new-transaction SIP requests (distinct Via branches) mirrored as HEP3 datagrams over UDP; sip-rates counts
 * them and tells the traffic module, which suspends acme (then decided over FastAGI: an ordinary call refused,
 * 112 allowed) or alerts beta's webhook (a real HTTP server, the post signed).
 */
class SipTransactionRateEndToEndTest extends CapsEndToEndFixture {
    private static final String ACME_ADDRESS = "203.0.113.5";
    private static final String BETA_ADDRESS = "203.0.113.6";
    private final LinkedBlockingQueue<String[]> posts = new LinkedBlockingQueue<>();
    private final HttpServer hook = hookServer();
    private int branch;

    private HttpServer hookServer() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.createContext("/hook", ex -> {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                posts.add(new String[]{body, ex.getRequestHeaders().getFirst(SignedWebhook.SIGNATURE_HEADER)});
                ex.sendResponseHeaders(204, -1);
                ex.close();
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stopHook() { hook.stop(0); }

    @Override
    Map<String, String> settings() {
        return Map.of("CALLGUARD_HEP_ENABLED", "true", "CALLGUARD_HEP_PORT", "0",
                "CALLGUARD_SIP_RATES_ACCOUNT_ADDRESSES", ACME_ADDRESS + "=acme," + BETA_ADDRESS + "=beta",
                "CALLGUARD_TRAFFIC_WEBHOOK_URL", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook",
                "CALLGUARD_TRAFFIC_WEBHOOK_SECRET", "s3cret");
    }

    private void rule(String account, String action) {
        JsonObject written = send("PUT", "/admin/v1/accounts/" + account + "/traffic-rules", new JsonObject()
                .put("SIP_TRANSACTION_RATE", new JsonObject().put("action", action)), 200).bodyAsJsonObject();
        assertThat(written.getJsonObject("SIP_TRANSACTION_RATE")).isEqualTo(new JsonObject().put("action", action));
    }

    private void betaAlerted() {
        send("POST", "/admin/v1/accounts", new JsonObject().put("id", "beta").put("name", "Beta SAS"), 201);
        rule("beta", "alert");
    }

    /**
     * {@code count} new transactions (OPTIONS, each its own Via branch and Call-ID) from {@code address}, their capture
     * times spread within one second starting {@code second} seconds after T0.
     */
    private void transactions(String address, int count, long second) throws IOException {
        long start = TestApps.T0.getEpochSecond() + second;
        try (HepSender sender = new HepSender("127.0.0.1", app.hepPort())) {
            for (int i = 0; i < count; i++) {
                sender.send(HepSender.hep(address, HepSender.options(++branch), start, i * 30_000L));
            }
        }
    }

    private List<JsonObject> suspensions(String account) {
        return send("GET", "/admin/v1/accounts/" + account + "/suspensions", null, 200).bodyAsJsonArray().stream()
                .map(o -> (JsonObject) o).toList();
    }

    private JsonArray audit(String target) {
        return send("GET", "/admin/v1/audit?target=" + target + "&limit=100", null, 200).bodyAsJsonArray();
    }

    private static long count(JsonArray trail, String action) {
        return trail.stream().map(o -> (JsonObject) o).filter(e -> action.equals(e.getString("action"))).count();
    }

    @Test
    void thirtyOneTransactionsInOneSecondSuspendTheAccountAndEmergencyStillGoes() throws Exception {
        rule("acme", "suspend");
        betaAlerted();
        assertThat(verdictOf(MOBILE)).isEqualTo("ALLOW");

        transactions(ACME_ADDRESS, 31, 0);
        transactions(BETA_ADDRESS, 31, 0);
        until("acme suspended SIP_TRANSACTION_RATE", () -> !activeSuspensions("SIP_TRANSACTION_RATE").isEmpty());
        JsonObject s = activeSuspensions("SIP_TRANSACTION_RATE").get(0);
        assertThat(s.getString("createdBy")).isEqualTo("system");
        assertThat(s.getString("note")).isEqualTo("more than 30 SIP transactions in one second from " + ACME_ADDRESS
                + " (CGV 12.1)");
        assertThat(s.getValue("trunkId")).as("account-wide").isNull();
        assertThat(verdictOf(MOBILE)).isEqualTo("DENY LINE_SUSPENDED");
        assertThat(verdictOf("112")).startsWith("ALLOW");

        // beta (alert): one signed post with the limit and the address, no suspension
        String[] post = posts.poll(10, TimeUnit.SECONDS);
        assertThat(post).as("the webhook was called").isNotNull();
        JsonObject alert = new JsonObject(post[0]);
        assertThat(alert.getString("rule")).isEqualTo("SIP_TRANSACTION_RATE");
        assertThat(alert.getString("accountId")).isEqualTo("beta");
        assertThat(alert.getJsonObject("figures").getInteger("limitPerSecond")).isEqualTo(30);
        assertThat(alert.getJsonObject("figures").getString("sourceAddress")).isEqualTo(BETA_ADDRESS);
        assertThat(post[1]).isEqualTo(SignedWebhook.signature("s3cret", post[0]));
        // a second crossing later the same day: neither a second post nor a second suspension
        transactions(BETA_ADDRESS, 31, 5);
        transactions(ACME_ADDRESS, 31, 5);
        assertThat(posts.poll(1, TimeUnit.SECONDS)).as("one alert per account and day").isNull();
        assertThat(suspensions("beta")).isEmpty();
        assertThat(activeSuspensions("SIP_TRANSACTION_RATE")).hasSize(1);
        // the traffic module acted: sip-rates wrote no alert of its own
        assertThat(count(audit("account:beta"), "traffic.alert")).isEqualTo(1);
        assertThat(count(audit("account:beta"), "sip-rates.alert")).isZero();
        assertThat(count(audit("account:acme"), "sip-rates.alert")).isZero();
    }

    @Test
    void thirtyTransactionsInOneSecondDoNothing() throws Exception {
        rule("acme", "suspend");
        betaAlerted();
        transactions(ACME_ADDRESS, 30, 0);
        // beta's crossing, sent after acme's 30 on the same socket, is heard after them: once it is posted, acme's
        // transactions have all been counted
        transactions(BETA_ADDRESS, 31, 0);
        assertThat(posts.poll(10, TimeUnit.SECONDS)).as("beta's alert").isNotNull();
        assertThat(suspensions("acme")).isEmpty();
        assertThat(posts).isEmpty();
        assertThat(audit("account:acme").stream().map(o -> ((JsonObject) o).getString("action")))
                .doesNotContain("traffic.alert", "sip-rates.alert", "suspension.create");
        assertThat(verdictOf(MOBILE)).isEqualTo("ALLOW");
    }
}
