package io.callguard.server.e2e;

import io.callguard.testkit.agi.AgiEnvironment;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deleted trunk (or a deleted account's trunks) takes its reservations with it: a trunk created again with the
 * same id starts empty. The reservations here are decisions AMI never reported a channel for, which only the
 * reconciliation (an hour away) or their expiry would otherwise free.
 */
class ReservationsOfDeletedTrunksEndToEndTest extends CapsEndToEndFixture {

    @Override
    Map<String, String> settings() {
        return Map.of("CALLGUARD_CAPS_RECONCILE_INTERVAL", "1h", "CALLGUARD_CAPS_ORPHAN_GRACE", "10m");
    }

    /** A decision on trunk-a whose channel AMI never reports. */
    private String decisionOnly() {
        String id = asterisk.nextUniqueId();
        String channel = nextChannel(TRUNK);
        Call c = call(agi.run("127.0.0.1", app.fastAgiPort(), AgiEnvironment.outbound(channel, id, "acme", DID, MOBILE))
                .map(r -> new Call(id, channel, r)));
        return c.verdict() + (c.reason() == null || c.reason().isEmpty() ? "" : ":" + c.reason());
    }

    private void fillTheTrunk() {
        assertThat(decisionOnly()).startsWith("ALLOW");
        assertThat(decisionOnly()).startsWith("ALLOW");
        assertThat(decisionOnly()).isEqualTo("DENY:TRUNK_FULL");
        assertThat(inUse()).isEqualTo(2);
    }

    @Test
    void aTrunkDeletedAndCreatedAgainWithTheSameIdStartsEmpty() {
        fillTheTrunk();
        send("DELETE", "/admin/v1/accounts/acme/trunks/" + TRUNK, null, 204);
        send("POST", "/admin/v1/accounts/acme/trunks", new JsonObject().put("id", TRUNK).put("kind", "T0_IP"), 201);
        assertThat(inUse()).isZero();
        assertThat(decisionOnly()).startsWith("ALLOW");
    }

    @Test
    void anAccountDeletedAndCreatedAgainGetsItsTrunkBackEmpty() {
        fillTheTrunk();
        send("DELETE", "/admin/v1/accounts/acme", null, 204);
        send("POST", "/admin/v1/accounts", new JsonObject().put("id", "acme").put("name", "Acme SARL"), 201);
        send("POST", "/admin/v1/accounts/acme/trunks", new JsonObject().put("id", TRUNK).put("kind", "T0_IP"), 201);
        assertThat(inUse()).isZero();
        assertThat(decisionOnly()).startsWith("ALLOW");
        assertThat(decisionOnly()).startsWith("ALLOW");
        assertThat(decisionOnly()).isEqualTo("DENY:TRUNK_FULL");
    }
}
