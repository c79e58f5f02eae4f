package io.callguard.server.cluster;

import io.callguard.server.TestApps;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/** R2 across two nodes: a T0 trunk carries 2 calls whichever callguard node and Asterisk server carry them. */
class TrunkChannelsAcrossNodesTest extends ClusterFixture {

    @Test
    void twoHundredSimultaneousDecisionsSplitAcrossTwoNodesGiveExactlyTwoAllowsAndAHangupOnEitherFreesOneSlot() throws Exception {
        startBothWithAcme();
        List<Future<Call>> attempts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            attempts.add(a.outbound(MOBILE));
            attempts.add(b.outbound(MOBILE));
        }
        List<Call> calls = all(attempts);

        List<Call> allowed = withVerdict(calls, "ALLOW");
        assertThat(allowed).as("exactly 2 ALLOW over both nodes").hasSize(2);
        assertThat(withVerdict(calls, "DENY")).hasSize(198).allSatisfy(c -> assertThat(c.reason()).isEqualTo("TRUNK_FULL"));
        // the refused calls' channels were counted from their Newchannel; their slots go back without the decision
        // waiting for it (in the background): the count settles on the two allowed calls, seen from either node
        for (Node n : List.of(a, b)) {
            TestApps.until(vertx, n.name + " sees both nodes' calls", Duration.ofSeconds(10), () -> inUse(n) == 2);
        }

        // the first allowed call ends on its own node's Asterisk: exactly one slot frees, for either node
        Call ended = allowed.get(0);
        await(ended.node().asterisk.hangup(ended.uniqueId(), 16));
        Node other = ended.node() == a ? b : a;
        TestApps.until(vertx, "the hang-up seen by the shared count", Duration.ofSeconds(10), () -> inUse(other) == 1);
        List<Call> next = all(List.of(other.outbound(MOBILE), other.outbound(MOBILE), ended.node().outbound(MOBILE)));
        assertThat(withVerdict(next, "ALLOW")).as("exactly one more fits").hasSize(1);
        assertThat(inUse(a)).isEqualTo(2);
    }

    private static int inUse(Node n) {
        return n.adminCall(HttpMethod.GET, "/admin/v1/trunks/" + TRUNK + "/usage", null, 200).bodyAsJsonObject().getInteger("inUse");
    }
}
