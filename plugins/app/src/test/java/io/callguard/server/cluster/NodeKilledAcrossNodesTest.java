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
}
