package io.callguard.server.e2e;

import io.callguard.server.TestApps;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /cti/v1/balance} over real HTTP: each client's key reads its own account's balance, never another's. */
class CreditBalanceCtiEndToEndTest extends CtiEndToEndFixture {
    /** The warning webhook posts to the fixture's callback server (which records every JSON body it receives). */
    @Override Map<String, String> settings() {
        return Map.of("CALLGUARD_CREDIT_WARN_WEBHOOK_URL", callbackUrl());
    }

    @Test
    void crossingTheWarningLevelPostsTheWebhookOnceAndAuditsIt() throws Exception {
        adminCall(HttpMethod.PUT, "/admin/v1/accounts/acme/billing",
                new JsonObject().put("unpaidCents", 8500).put("asOf", TestApps.T0.toString()), 200);
        JsonObject warning = nextCallback();
        assertThat(warning.getString("event")).isEqualTo("credit.warning");
        assertThat(warning.getString("accountId")).isEqualTo("acme");
        assertThat(warning.getLong("thresholdCents")).isEqualTo(10_000);
        assertThat(warning.getInteger("warnPercent")).isEqualTo(80);
        adminCall(HttpMethod.POST, "/admin/v1/accounts/acme/payments", new JsonObject().put("amountCents", 100), 201);
        adminCall(HttpMethod.PUT, "/admin/v1/accounts/globex/billing",
                new JsonObject().put("unpaidCents", 9000).put("asOf", TestApps.T0.toString()), 200);
        assertThat(nextCallback().getString("accountId")).as("acme still over its level: not again; globex's")
                .isEqualTo("globex");
        assertThat(adminCall(HttpMethod.GET, "/admin/v1/audit?target=account:acme&limit=100", null, 200).bodyAsJsonArray()
                .stream().filter(o -> "credit.warning".equals(((JsonObject) o).getString("action"))).count()).isEqualTo(1);
    }

    @Test
    void aClientsKeyReadsItsOwnBalanceOnly() {
        adminCall(HttpMethod.PUT, "/admin/v1/accounts/acme/billing",
                new JsonObject().put("unpaidCents", 1234).put("asOf", TestApps.T0.toString()), 200);
        adminCall(HttpMethod.PUT, "/admin/v1/accounts/globex/billing",
                new JsonObject().put("unpaidCents", 77).put("asOf", TestApps.T0.toString()), 200);

        JsonObject acme = ctiCall(HttpMethod.GET, "/cti/v1/balance", acmeKey, null, 200).bodyAsJsonObject();
        assertThat(acme.fieldNames()).containsExactly("outstandingCents", "thresholdCents", "availableCents", "asOf",
                "liveCalls");
        assertThat(acme.getLong("outstandingCents")).isEqualTo(1234);
        assertThat(acme.getLong("thresholdCents")).isEqualTo(10_000);
        assertThat(acme.getLong("availableCents")).isEqualTo(10_000 - 1234);
        assertThat(ctiCall(HttpMethod.GET, "/cti/v1/balance", globexKey, null, 200).bodyAsJsonObject()
                .getLong("outstandingCents")).isEqualTo(77);
        // nothing names another account: a query or an admin path on the CTI listener gets acme's or nothing
        assertThat(ctiCall(HttpMethod.GET, "/cti/v1/balance?accountId=globex", acmeKey, null, 200).bodyAsJsonObject()
                .getLong("outstandingCents")).isEqualTo(1234);
        ctiCall(HttpMethod.GET, "/admin/v1/accounts/globex/balance", acmeKey, null, 404);
        ctiCall(HttpMethod.GET, "/cti/v1/balance", null, null, 401);
        ctiCall(HttpMethod.GET, "/cti/v1/balance", "cg_nope_nope", null, 401);
    }
}
