package io.callguard.server.e2e;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting an account takes its API keys with it, in the authentication cache too: a key of the deleted account
 * does not come back to life, nor act for an account created again with the same id (where it could be neither
 * listed nor revoked).
 */
class CtiKeyOfDeletedAccountEndToEndTest extends CtiEndToEndFixture {
    private static final String BETA_NUMBER = "0140000009";

    @Override Map<String, String> settings() { return Map.of(); }

    private void createBeta() {
        adminCall(HttpMethod.POST, "/admin/v1/accounts", new JsonObject().put("id", "beta").put("name", "Beta"), 201);
        adminCall(HttpMethod.POST, "/admin/v1/accounts/beta/numbers", new JsonObject().put("number", BETA_NUMBER), 201);
    }

    @Test
    void aKeyOfADeletedAccountIsRefusedEvenWhenTheAccountIsCreatedAgainWithTheSameId() {
        createBeta();
        String oldKey = issueKey("beta", "KB").getString("secret");
        HttpResponse<Buffer> before = await(sendSms(oldKey, BETA_NUMBER, RECIPIENT, "before"));
        assertThat(before.statusCode()).as("the key works while its account exists: " + before.bodyAsString())
                .isEqualTo(202);
        String oldSms = before.bodyAsJsonObject().getString("id");

        adminCall(HttpMethod.DELETE, "/admin/v1/accounts/beta", null, 204);
        ctiCall(HttpMethod.GET, "/cti/v1/sms/" + oldSms, oldKey, null, 401);

        createBeta();
        HttpResponse<Buffer> sms = await(sendSms(oldKey, BETA_NUMBER, RECIPIENT, "after"));
        assertThat(sms.statusCode()).as(sms.bodyAsString()).isEqualTo(401);
        assertThat(sms.getHeader("WWW-Authenticate")).startsWith("Bearer");
        ctiCall(HttpMethod.GET, "/cti/v1/sms/" + oldSms, oldKey, null, 401);
        ctiCall(HttpMethod.GET, "/cti/v1/sms/sms_unknown", oldKey, null, 401);

        // the new account starts with no key, and one issued now works while the old one still does not
        JsonArray listed = adminCall(HttpMethod.GET, "/admin/v1/accounts/beta/api-keys", null, 200).bodyAsJsonArray();
        assertThat(listed).isEmpty();
        String newKey = issueKey("beta", "KB2").getString("secret");
        clock.advance(java.time.Duration.ofMinutes(1)); // out of the SMS windows of the first SMS
        HttpResponse<Buffer> fresh = await(sendSms(newKey, BETA_NUMBER, RECIPIENT, "new key"));
        assertThat(fresh.statusCode()).as(fresh.bodyAsString()).isEqualTo(202);
        String newSms = fresh.bodyAsJsonObject().getString("id");
        ctiCall(HttpMethod.GET, "/cti/v1/sms/" + newSms, oldKey, null, 401);
        ctiCall(HttpMethod.GET, "/cti/v1/sms/" + newSms, newKey, null, 200);
    }

    @Test
    void deletingOneAccountLeavesTheOtherAccountsKeysWorking() {
        adminCall(HttpMethod.DELETE, "/admin/v1/accounts/globex", null, 204);
        ctiCall(HttpMethod.GET, "/cti/v1/sms/sms_unknown", globexKey, null, 401);
        ctiCall(HttpMethod.GET, "/cti/v1/sms/sms_unknown", acmeKey, null, 404);
    }
}
