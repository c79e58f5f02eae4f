package io.callguard.caps;

import io.callguard.core.calls.LiveCall;
import io.callguard.core.policy.CallRequest;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.callguard.caps.CapsFixture.T0;
import static io.callguard.caps.CapsFixture.TRUNK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * After a start the trunk reservations know none of the calls already up until the first AMI resynchronisation is
 * applied: a cap decision waits for it (asynchronously, up to {@link CapsSync#hold()}), or fails.
 */
class DecisionsBeforeTheFirstResyncTest {
    private static final List<String> CHAIN = List.of("emergency", "calls-per-second", "channel-cap", "barring", "default");

    private static CapsFixture fixture(CapsSync sync) {
        CapsFixture f = new CapsFixture(CHAIN, Map.of(), null, sync);
        f.tracker.addListener(new CapReconciler(f.directory, f.allocations, f.clock, CapsSettings.DEFAULT_ORPHAN_GRACE, sync));
        return f;
    }

    private static CompletableFuture<Decision> outbound(CapsFixture f, String id, String dialled) {
        return f.engine.decide(new CallRequest(Direction.OUTBOUND, "", TRUNK, "0140000000", dialled,
                "PJSIP/" + TRUNK + "-" + CapsFixture.hex(id), id)).toCompletableFuture();
    }

    private static LiveCall up(String uniqueId, String channel, int secondsOld) {
        return new LiveCall(uniqueId, uniqueId, channel, "", "", null, "", "", "Up", T0.minusSeconds(secondsOld), null, null);
    }

    @Test
    void aDecisionTakenBeforeTheFirstResyncWaitsForItAndSeesTheCallsAlreadyUp() throws Exception {
        CapsFixture f = fixture(CapsSync.untilFirstResync(Duration.ofMinutes(1)));
        // the third call's channel is reported before the list: it must still rank after the two calls already up
        f.tracker.channelCreated("100.3", "100.3", "PJSIP/trunk-a-00000003", "", "", "0612345670", "Ring", T0);
        CompletableFuture<Decision> third = outbound(f, "100.3", "0612345670");
        assertThat(third).as("held until the first resync").isNotDone();
        assertThat(f.sync.waiting()).isEqualTo(1);
        assertThat(f.inUse()).as("nothing counted before the picture is whole").isZero();

        // young calls (1 s): the first resync after a start adopts them at once
        f.tracker.replaceAll(List.of(up("100.1", "PJSIP/trunk-a-00000001", 1), up("100.2", "PJSIP/trunk-a-00000002", 1),
                new LiveCall("100.3", "100.3", "PJSIP/trunk-a-00000003", "", "", null, "", "", "Ring", T0, null, null)));
        assertThat(third.get(5, TimeUnit.SECONDS)).isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
        assertThat(f.sync.isSynced()).isTrue();
        assertThat(f.sync.waiting()).isZero();
        assertThat(f.inUse()).isEqualTo(2);
        assertThat(outbound(f, "100.4", "0612345678").get(5, TimeUnit.SECONDS).reason()).isEqualTo("TRUNK_FULL");
    }

    @Test
    void aDecisionWhoseHoldPassesWithoutTheResyncFailsAndHoldsNothing() {
        CapsFixture f = fixture(CapsSync.untilFirstResync(Duration.ofMillis(50)));
        CompletableFuture<Decision> held = outbound(f, "200.1", "0612345678");
        assertThatThrownBy(() -> held.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PolicyChain.PolicyFailure.class)
                .cause().isInstanceOf(ChannelCapPolicy.NotSynchronisedException.class)
                .hasMessageContaining("caps.startupHold");
        assertThat(f.inUse()).isZero();
        assertThat(f.sync.waiting()).isZero();
    }

    @Test
    void aZeroHoldFailsAtOnceAndAnEmergencyCallIsNeverHeld() throws Exception {
        CapsFixture f = fixture(CapsSync.untilFirstResync(Duration.ZERO));
        assertThat(outbound(f, "300.1", "0612345678")).isCompletedExceptionally();
        CompletableFuture<Decision> emergency = outbound(f, "300.2", "112");
        assertThat(emergency).isDone();
        assertThat(emergency.get().verdict()).isEqualTo(Verdict.ALLOW);
    }
}
