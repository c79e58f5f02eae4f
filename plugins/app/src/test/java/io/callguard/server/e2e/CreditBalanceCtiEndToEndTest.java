package io.callguard.server.e2e;

import io.callguard.server.TestApps;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /cti/v1/balance} over real HTTP: each client's key reads its own account's balance, never another's. */
class CreditBalanceCtiEndToEndTest extends CtiEndToEndFixture {
    @Override Map<String, String> settings() { return Map.of(); }

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
