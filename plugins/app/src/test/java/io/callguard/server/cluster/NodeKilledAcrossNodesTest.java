package io.callguard.server.cluster;

import io.callguard.server.TestApps;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node dies ({@code kill -9}: no shutdown, no release) holding both slots of a T0 trunk: the other node's decisions
 * see them freed within the lease ({@code state.leaseTime}, 3 s here; its owner renews every third of it), never
 * before its calls' leases ran out, and exactly the two slots come back.
 */
class NodeKilledAcrossNodesTest extends ClusterFixture {
    private static final Duration LEASE = Duration.ofSeconds(3);

    private static int inUse(Node n) {
        return n.adminCall(io.vertx.core.http.HttpMethod.GET, "/admin/v1/trunks/" + TRUNK + "/usage", null, 200)
                .bodyAsJsonObject().getInteger("inUse");
    }

    @Test
    void theSlotsOfANodeKilledMinusNineAreFreedForTheOtherNodeWithinTheLease() throws Exception {
        startBothWithAcme(Map.of("CALLGUARD_STATE_LEASE_TIME", "3s"));
        List<Call> held = all(List.of(a.outbound(MOBILE), a.outbound(MOBILE)));
        assertThat(held).extracting(Call::verdict).containsExactly("ALLOW", "ALLOW");
        Call refused = await(b.outbound(MOBILE));
        assertThat(refused.reason()).isEqualTo("TRUNK_FULL");
        await(b.asterisk.hangup(refused.uniqueId(), 34));

        // past a renewal or two: the slots outlive their first lease while their owner lives
        long renewedUntil = System.nanoTime() + LEASE.multipliedBy(2).toNanos();
        TestApps.until(vertx, "two leases gone by", Duration.ofSeconds(20), () -> System.nanoTime() >= renewedUntil);
        Call stillFull = await(b.outbound(MOBILE));
        assertThat(stillFull.reason()).as("a living owner renews its slots").isEqualTo("TRUNK_FULL");
        await(b.asterisk.hangup(stillFull.uniqueId(), 34));

        a.process.kill9();
        long killedAt = System.nanoTime();
        // polled on node-b's usage (a refused call polled instead would hold a slot of its own until its hang-up lands)
        TestApps.until(vertx, "node-a's slots freed for node-b", LEASE.plusSeconds(4), () -> inUse(b) == 0);
        Duration after = Duration.ofNanos(System.nanoTime() - killedAt);
        assertThat(after).as("freed within the lease plus a renewal period").isLessThanOrEqualTo(LEASE.plusSeconds(4));
        List<Call> next = all(List.of(b.outbound(MOBILE), b.outbound(MOBILE), b.outbound(MOBILE)));
        assertThat(next).extracting(Call::verdict).as("exactly the two slots came back")
                .containsExactlyInAnyOrder("ALLOW", "ALLOW", "DENY");
    }
    private static io.vertx.core.json.JsonObject balance(Node n) {
        return n.adminCall(io.vertx.core.http.HttpMethod.GET, "/admin/v1/accounts/acme/balance", null, 200).bodyAsJsonObject();
    }

    @Test
    void theCreditReservedByANodeKilledMinusNineIsFreeForTheOtherNodeWithinTheLease() throws Exception {
        startBothWithAcme(Map.of("CALLGUARD_STATE_LEASE_TIME", "3s", "CALLGUARD_POLICIES",
                "emergency,suspension,calls-per-second,channel-cap,credit,tariff-announcement,default"));
        io.vertx.core.http.HttpMethod put = io.vertx.core.http.HttpMethod.PUT;
        a.adminCall(put, "/admin/v1/tariff-plans/plan-a", new io.vertx.core.json.JsonObject().put("name", "A")
                .put("firstIncrementSeconds", 1).put("nextIncrementSeconds", 1).put("rates", new io.vertx.core.json.JsonArray()
                        .add(new io.vertx.core.json.JsonObject().put("id", "mobile").put("destination", "MOBILE")
                                .put("perMinuteCents", 60))), 201);
        a.adminCall(put, "/admin/v1/accounts/acme", new io.vertx.core.json.JsonObject().put("name", "Acme SARL")
                .put("creditThresholdCents", 1000).put("tariffPlan", "plan-a"), 200);
        a.adminCall(put, "/admin/v1/accounts/acme/billing", new io.vertx.core.json.JsonObject().put("unpaidCents", 900)
                .put("asOf", java.time.Instant.now().minusSeconds(60).toString()), 200);
        TestApps.until(vertx, "node-b sees 1.00 EUR available", Duration.ofSeconds(10),
                () -> balance(b).getLong("availableCents") == 100);

        List<Call> held = all(List.of(a.outbound(MOBILE), a.outbound(MOBILE)));
        assertThat(held).extracting(Call::verdict).containsExactly("ALLOW", "ALLOW");
        io.vertx.core.json.JsonObject seen = balance(b);
        assertThat(seen.getInteger("liveCalls")).as("node-b counts node-a's reservations").isEqualTo(2);
        long reserved = 100 - seen.getLong("availableCents");
        assertThat(reserved).as("half of the free credit, then half of what is left").isEqualTo(75);

        long renewedUntil = System.nanoTime() + LEASE.multipliedBy(2).toNanos();
        TestApps.until(vertx, "two leases gone by", Duration.ofSeconds(20), () -> System.nanoTime() >= renewedUntil);
        assertThat(balance(b).getInteger("liveCalls")).as("a living owner renews its calls' credit").isEqualTo(2);

        a.process.kill9();
        long killedAt = System.nanoTime();
        TestApps.until(vertx, "node-a's credit freed for node-b", LEASE.plusSeconds(4),
                () -> balance(b).getInteger("liveCalls") == 0);
        Duration after = Duration.ofNanos(System.nanoTime() - killedAt);
        assertThat(after).as("within the lease plus a renewal period, not the calls' 2 hours")
                .isLessThanOrEqualTo(LEASE.plusSeconds(4));
        assertThat(balance(b).getLong("availableCents")).isEqualTo(100);
    }
}
