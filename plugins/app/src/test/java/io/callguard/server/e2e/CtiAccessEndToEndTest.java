package io.callguard.server.e2e;

import io.callguard.server.TestApps;
import io.callguard.testkit.ami.AmiFrame;
import io.callguard.testkit.ami.EmulatedAmiServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what on the CTI API (R8): keys issued, listed and revoked through the admin API; a key acts on its own
 * account only; the admin token and the client keys never open each other's API; click-to-call through the emulated
 * Asterisk's AMI, refused while the account is suspended.
 */
class CtiAccessEndToEndTest extends CtiEndToEndFixture {
    private static final String AMI_SECRET = "cti-ami-secret";
    private EmulatedAmiServer asterisk;

    @Override Map<String, String> settings() {
        return Map.of("CALLGUARD_AMI_ENABLED", "true", "CALLGUARD_AMI_PORT", Integer.toString(asterisk.port()),
                "CALLGUARD_AMI_SECRET", AMI_SECRET, "CALLGUARD_AMI_RECONNECT_MIN", "20ms",
                "CALLGUARD_AMI_RECONNECT_MAX", "200ms", "CALLGUARD_AMI_CONNECT_TIMEOUT", "2s");
    }

    @Override void beforeStart() {
        asterisk = new EmulatedAmiServer(vertx, "callguard", AMI_SECRET);
        await(asterisk.start());
    }

    @Override void afterStop() { if (asterisk != null) await(asterisk.close()); }

    private HttpResponse<Buffer> placeCall(String key, String line, String to) {
        return await(ctiRequest(HttpMethod.POST, "/cti/v1/calls", key,
                new JsonObject().put("line", line).put("to", to), null));
    }

    @Test
    void keysAreShownOnceListedWithoutSecretRevokedAndAuditedWithoutSecret() {
        JsonObject issued = issueKey("acme", "Standard");
        String secret = issued.getString("secret");
        assertThat(secret).startsWith("cg_" + issued.getString("id") + "_");
        ctiCall(HttpMethod.GET, "/cti/v1/sms/sms_unknown", secret, null, 404);

        JsonArray listed = adminCall(HttpMethod.GET, "/admin/v1/accounts/acme/api-keys", null, 200).bodyAsJsonArray();
        assertThat(listed).hasSize(2);
        assertThat(listed.encode()).doesNotContain(secret).doesNotContain("secret").contains("\"label\":\"Standard\"");
        JsonObject standard = listed.stream().map(o -> (JsonObject) o)
                .filter(k -> k.getString("id").equals(issued.getString("id"))).findFirst().orElseThrow();
        assertThat(standard.getString("lastUsedAt")).as("the use just made").isNotNull();
        adminCall(HttpMethod.GET, "/admin/v1/accounts/ghost/api-keys", null, 404);

        adminCall(HttpMethod.DELETE, "/admin/v1/accounts/globex/api-keys/" + issued.getString("id"), null, 404);
        adminCall(HttpMethod.DELETE, "/admin/v1/accounts/acme/api-keys/" + issued.getString("id"), null, 204);
        adminCall(HttpMethod.DELETE, "/admin/v1/accounts/acme/api-keys/" + issued.getString("id"), null, 404);
        HttpResponse<Buffer> revoked = ctiCall(HttpMethod.GET, "/cti/v1/sms/sms_unknown", secret, null, 401);
        assertThat(revoked.getHeader("WWW-Authenticate")).startsWith("Bearer");
        ctiCall(HttpMethod.GET, "/cti/v1/sms/sms_unknown", acmeKey, null, 404);

        JsonArray audit = adminCall(HttpMethod.GET, "/admin/v1/audit?target=account:acme", null, 200).bodyAsJsonArray();
        List<String> actions = audit.stream().map(o -> ((JsonObject) o).getString("action")).toList();
        assertThat(actions).contains("apikey.issue", "apikey.revoke");
        String hash = sha256Hex(secret);
        assertThat(audit.encode()).contains(issued.getString("id")).doesNotContain(secret).doesNotContain(hash);
    }

    @Test
    void theAdminTokenOpensNoCtiRouteAndAClientKeyNoAdminRoute() {
        for (String path : List.of("/cti/v1/sms/x", "/cti/v1/calls/x")) {
            HttpResponse<Buffer> r = ctiCall(HttpMethod.GET, path, TestApps.TOKEN, null, 401);
            assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer");
            ctiCall(HttpMethod.GET, path, null, null, 401);
        }
        ctiCall(HttpMethod.POST, "/cti/v1/sms", TestApps.TOKEN, new JsonObject().put("from", ACME_NUMBER)
                .put("to", RECIPIENT).put("text", "x"), 401);
        ctiCall(HttpMethod.GET, "/admin/v1/accounts", acmeKey, null, 404); // the CTI listener serves no admin route

        // "a client's CTI key cannot lift or read suspensions": on the admin API itself
        String suspensionId = adminCall(HttpMethod.POST, "/admin/v1/accounts/acme/suspensions",
                new JsonObject().put("reason", "NON_PAYMENT"), 201).bodyAsJsonObject().getString("id");
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.DELETE)) {
            for (String path : List.of("/admin/v1/accounts/acme/suspensions",
                    "/admin/v1/accounts/acme/suspensions/" + suspensionId, "/admin/v1/accounts/acme/api-keys")) {
                HttpResponse<Buffer> r = await(admin.request(method, path).bearerTokenAuthentication(acmeKey).send());
                assertThat(r.statusCode()).as(method + " " + path).isEqualTo(401);
            }
        }
        assertThat(await(admin.post("/admin/v1/accounts/acme/api-keys").bearerTokenAuthentication(acmeKey).send())
                .statusCode()).isEqualTo(401);
        JsonObject still = adminCall(HttpMethod.GET, "/admin/v1/accounts/acme/suspensions/" + suspensionId, null, 200)
                .bodyAsJsonObject();
        assertThat(still.getString("status")).isEqualTo("ACTIVE");
    }

    @Test
    void aKeyOfOneAccountSeesNothingOfAnother() {
        HttpResponse<Buffer> sms = await(sendSms(globexKey, GLOBEX_NUMBER, RECIPIENT, "globex only"));
        assertThat(sms.statusCode()).isEqualTo(202);
        String globexSms = sms.bodyAsJsonObject().getString("id");
        ctiCall(HttpMethod.GET, "/cti/v1/sms/" + globexSms, acmeKey, null, 404);
        ctiCall(HttpMethod.GET, "/cti/v1/sms/" + globexSms, globexKey, null, 200);

        HttpResponse<Buffer> fromTheirs = await(sendSms(acmeKey, GLOBEX_NUMBER, RECIPIENT, "spoofed"));
        assertThat(fromTheirs.statusCode()).isEqualTo(403);
        assertThat(fromTheirs.bodyAsJsonObject().getString("type")).isEqualTo("urn:callguard:problem:not-your-number");

        until("AMI connected", Duration.ofSeconds(10), () -> asterisk.loggedInSessions() > 0);
        HttpResponse<Buffer> theirLine = placeCall(acmeKey, "globex-t0", RECIPIENT);
        assertThat(theirLine.statusCode()).isEqualTo(403);
        assertThat(theirLine.bodyAsJsonObject().getString("type")).isEqualTo("urn:callguard:problem:not-your-line");
        HttpResponse<Buffer> placed = placeCall(globexKey, "globex-t0", RECIPIENT);
        assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(202);
        String globexCall = placed.bodyAsJsonObject().getString("id");
        ctiCall(HttpMethod.GET, "/cti/v1/calls/" + globexCall, acmeKey, null, 404);
        ctiCall(HttpMethod.GET, "/cti/v1/calls/" + globexCall, globexKey, null, 200);
        assertThat(asterisk.actionsReceived("Originate")).hasSize(1);
    }

    @Test
    void clickToCallIsRefusedWhileSuspendedAndOtherwiseRingsTheClientsLineThenDialsThroughTheOutboundContext() {
        until("AMI connected", Duration.ofSeconds(10), () -> asterisk.loggedInSessions() > 0);
        String suspensionId = adminCall(HttpMethod.POST, "/admin/v1/accounts/acme/suspensions",
                new JsonObject().put("reason", "CREDIT_THRESHOLD"), 201).bodyAsJsonObject().getString("id");
        HttpResponse<Buffer> refused = placeCall(acmeKey, "acme-t0", RECIPIENT);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.bodyAsJsonObject().getString("reason")).isEqualTo("CREDIT_THRESHOLD");
        HttpResponse<Buffer> sms = await(sendSms(acmeKey, ACME_NUMBER, RECIPIENT, "suspended"));
        assertThat(sms.statusCode()).isEqualTo(403);
        assertThat(sms.bodyAsJsonObject().getString("type")).isEqualTo("urn:callguard:problem:account-suspended");
        assertThat(asterisk.actionsReceived("Originate")).isEmpty();

        adminCall(HttpMethod.DELETE, "/admin/v1/accounts/acme/suspensions/" + suspensionId, null, 200);
        HttpResponse<Buffer> placed = placeCall(acmeKey, "acme-t0", "+33612345678");
        assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(202);
        String id = placed.bodyAsJsonObject().getString("id");
        assertThat(placed.getHeader("Location")).isEqualTo("/cti/v1/calls/" + id);

        AmiFrame originate = asterisk.actionsReceived("Originate").get(0);
        assertThat(originate.get("Channel")).isEqualTo("PJSIP/acme-t0");
        assertThat(originate.get("Context")).isEqualTo("callguard-outbound");
        assertThat(originate.get("Exten")).isEqualTo(RECIPIENT);
        assertThat(originate.get("Account")).isEqualTo("acme");
        assertThat(originate.get("CallerID")).isEqualTo(ACME_NUMBER);

        until("the OriginateResponse is applied", Duration.ofSeconds(10), () -> "client-answered".equals(
                ctiCall(HttpMethod.GET, "/cti/v1/calls/" + id, acmeKey, null, 200).bodyAsJsonObject().getString("status")));
        JsonObject progress = ctiCall(HttpMethod.GET, "/cti/v1/calls/" + id, acmeKey, null, 200).bodyAsJsonObject();
        assertThat(progress.getString("line")).isEqualTo("acme-t0");
        assertThat(progress.getString("to")).isEqualTo(RECIPIENT);
        // the OriginateResponse may overtake the Originate's own response: "originated" can be skipped
        List<String> steps = progress.getJsonArray("history").stream().map(o -> ((JsonObject) o).getString("status"))
                .toList();
        assertThat(steps).isIn(List.of("requested", "originated", "client-answered"),
                List.of("requested", "client-answered"));
    }

    @Test
    void clickToCallWithoutAmiFailsClearly() {
        await(asterisk.kill());
        until("AMI down", Duration.ofSeconds(10), 
                () -> await(admin.get("/ready").send()).statusCode() == 503);
        HttpResponse<Buffer> r = placeCall(acmeKey, "acme-t0", RECIPIENT);
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("AMI");
        String id = r.bodyAsJsonObject().getString("id");
        assertThat(ctiCall(HttpMethod.GET, "/cti/v1/calls/" + id, acmeKey, null, 200).bodyAsJsonObject()
                .getString("status")).isEqualTo("failed");
    }

    private static String sha256Hex(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
