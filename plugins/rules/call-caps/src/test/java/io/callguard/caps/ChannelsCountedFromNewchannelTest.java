package io.callguard.caps;

import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.limits.Allocation;
import io.callguard.core.policy.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.callguard.caps.CapsFixture.T0;
import static io.callguard.caps.CapsFixture.TRUNK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every channel on a known trunk counts from its AMI Newchannel (a forced slot of its call, holder = its Linkedid),
 * once per call and trunk whatever the order of the Newchannel and the FastAGI decision.
 */
class ChannelsCountedFromNewchannelTest {
    private final CapsFixture f = CapsFixture.standard();
    private final CapReconciler reconciler = new CapReconciler(f.directory, f.allocations, f.clock,
            CapsSettings.DEFAULT_ORPHAN_GRACE);
    private int channelSequence;

    {
        f.tracker.addListener(reconciler);
    }

    private String newchannel(String uniqueId, String linkedId, String endpoint, String exten) {
        String channel = String.format("PJSIP/%s-%08x", endpoint, ++channelSequence);
        f.tracker.channelCreated(uniqueId, linkedId, channel, "", "0140000000", exten, "Ring", T0);
        return channel;
    }

    private List<String> holders() {
        return f.allocations.holders(ChannelCapPolicy.resourceOf(TRUNK), f.clock.instant()).stream()
                .map(Allocation::holder).toList();
    }

    @Test
    void anEmergencyCallSeenOnlyByItsNewchannelLeavesOneOrdinaryCallOnAT0Trunk() {
        newchannel("1.1", "1.1", TRUNK, "112");
        assertThat(f.inUse()).as("counted at once, no decision").isEqualTo(1);
        assertThat(f.outbound("1.2", "0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.outbound("1.3", "0612345679")).isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
        assertThat(holders()).containsExactly("1.1", "1.2");
    }

    @Test
    void anEarlierEmergencyCallAndTwoOrdinaryCallsCountedFirstGiveExactlyOneAllowInWhateverDecisionOrder() {
        newchannel("2.1", "2.1", TRUNK, "112");
        newchannel("2.2", "2.2", TRUNK, "0612345678");
        newchannel("2.3", "2.3", TRUNK, "0612345679");
        assertThat(f.inUse()).isEqualTo(3);
        // the later call is decided first: it is judged by the two calls counted before it
        assertThat(f.outbound("2.3", "0612345679")).isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
        assertThat(f.outbound("2.2", "0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(holders()).as("the refused call holds no slot").containsExactly("2.1", "2.2");
        assertThat(f.allocations.holders(ChannelCapPolicy.resourceOf(TRUNK), f.clock.instant()))
                .extracting(Allocation::forced).containsExactly(true, false);
    }

    @Test
    void newchannelThenDecisionCountsTheCallOnce() {
        newchannel("3.1", "3.1", TRUNK, "0612345678");
        assertThat(f.outbound("3.1", "0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(holders()).containsExactly("3.1");
        assertThat(f.outbound("3.2", "0612345679").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.outbound("3.3", "0612345670")).isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
    }

    @Test
    void decisionThenNewchannelCountsTheCallOnce() {
        assertThat(f.outbound("4.1", "0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        newchannel("4.1", "4.1", TRUNK, "0612345678");
        assertThat(holders()).containsExactly("4.1");
        assertThat(f.outbound("4.2", "0612345679").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.outbound("4.3", "0612345670")).isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
    }

    @Test
    void aRefusedCallNeverCountsWhicheverCameFirst() {
        f.outbound("5.1", "0612345678");
        f.outbound("5.2", "0612345679");
        assertThat(f.outbound("5.3", "0612345670")).isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
        newchannel("5.3", "5.3", TRUNK, "0612345670"); // its Newchannel came late
        assertThat(holders()).containsExactly("5.1", "5.2");
        f.tracker.hungUp("5.2", 16);
        newchannel("5.4", "5.4", TRUNK, "0899123456");
        assertThat(f.outbound("5.4", "0899123456").reason()).as("denied by a later policy").isEqualTo("BARRED");
        assertThat(holders()).containsExactly("5.1");
    }

    @ParameterizedTest(name = "leg {0} hangs up first")
    @ValueSource(strings = {"A", "B"})
    void anInboundCallWhoseClientLegLandsOnTheTrunkCountsOnceAndIsFreedWhicheverLegHangsUpFirst(String first) {
        String a = "6.1";
        String b = "6.2";
        newchannel(a, a, "carrier", CapsFixture.DID);
        assertThat(f.inbound(a).verdict()).isEqualTo(Verdict.ALLOW);
        newchannel(b, a, TRUNK, CapsFixture.DID);
        assertThat(holders()).containsExactly(a);
        f.tracker.hungUp(first.equals("A") ? a : b, 16);
        assertThat(f.inUse()).isZero();
        f.tracker.hungUp(first.equals("A") ? b : a, 16);
        assertThat(f.inUse()).isZero();
        assertThat(reconciler.trackedCalls()).isZero();
    }

    @Test
    void anInboundCallWhoseClientLegIsReportedBeforeTheDecisionEndsIsCountedOnce() {
        // Event order between the legs and the FastAGI session is not stable: B's Newchannel may overtake.
        newchannel("7.1", "7.1", "carrier", CapsFixture.DID);
        newchannel("7.2", "7.1", TRUNK, CapsFixture.DID);
        assertThat(f.inbound("7.1").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(holders()).containsExactly("7.1");
    }

    @Test
    void anOutboundCallStaysCountedUntilItsLastLegOnTheTrunkHangsUp() {
        newchannel("8.1", "8.1", TRUNK, "0612345678");
        f.outbound("8.1", "0612345678");
        newchannel("8.2", "8.1", "carrier", "0612345678");
        f.tracker.hungUp("8.2", 16);
        assertThat(f.inUse()).as("the callee left, the caller is still on the trunk").isEqualTo(1);
        f.tracker.hungUp("8.1", 16);
        assertThat(f.inUse()).isZero();
    }

    @Test
    void aChannelOnAnUnknownEndpointCountsNowhere() {
        newchannel("9.1", "9.1", "carrier", "0612345678");
        newchannel("9.2", "9.2", "somebody-else", "112");
        assertThat(f.allocations.resources()).isEmpty();
        assertThat(reconciler.trackedCalls()).isZero();
    }

    @Test
    void aDecisionOnALaterLegSharesTheSlotItsCallIsCountedUnder() {
        // A decision on a channel that is not the call's first one (e.g. after a transfer): its Linkedid holds.
        newchannel("10.1", "10.1", "carrier", "");
        newchannel("10.2", "10.1", TRUNK, "0612345678");
        assertThat(f.outbound("10.2", "0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(holders()).containsExactly("10.1");
        f.tracker.hungUp("10.2", 16);
        assertThat(f.inUse()).isZero();
    }

    @Test
    void aCallWithLegsOnTwoTrunksIsFreedOnEachTrunkWhenItsLastLegThereHangsUp() {
        String other = "trunk-b";
        f.directory.put(new Trunk(other, CapsFixture.ACME.id(), TrunkKind.T0_IP, TrunkKind.T0_IP.defaultChannels()));
        newchannel("11.1", "11.1", "carrier", "");
        newchannel("11.2", "11.1", other, "0612345678");
        newchannel("11.3", "11.1", TRUNK, "0612345678");
        newchannel("11.4", "11.1", TRUNK, "0612345679");
        assertThat(reconciler.trackedCalls()).as("once per trunk").isEqualTo(2);
        f.tracker.hungUp("11.3", 16);
        assertThat(f.inUse()).as("11.4 is still on the trunk").isEqualTo(1);
        assertThat(inUse(other)).isEqualTo(1);
        f.tracker.hungUp("11.2", 16);
        assertThat(inUse(other)).isZero();
        assertThat(f.inUse()).isEqualTo(1);
        f.tracker.hungUp("11.4", 16);
        assertThat(f.inUse()).isZero();
        assertThat(reconciler.trackedCalls()).isZero();
        f.tracker.hungUp("11.1", 16);
        assertThat(f.allocations.resources()).isEmpty();
    }

    private int inUse(String trunkId) {
        return f.allocations.inUse(ChannelCapPolicy.resourceOf(trunkId), f.clock.instant());
    }
}
