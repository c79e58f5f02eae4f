package io.callguard.caps;

import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.limits.Allocations;
import io.callguard.core.limits.InMemoryAllocations;
import io.callguard.core.policy.CallRequest;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.Reasons;
import io.callguard.core.policy.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.callguard.caps.CapsFixture.TRUNK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelCapPolicyTest {
    private final CapsFixture f = CapsFixture.standard();

    @Test
    void aT0TrunkAllowsTwoCallsThenRefusesTheThirdWithTrunkFull() {
        assertThat(f.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.outbound("0612345679").verdict()).isEqualTo(Verdict.ALLOW);
        Decision third = f.outbound("0612345670");
        assertThat(third).isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
        assertThat(third.reason()).isEqualTo(Reasons.TRUNK_FULL);
        assertThat(third.cause()).isEqualTo(34);
        assertThat(third.prompt()).isEqualTo("callguard/trunk-full");
        assertThat(f.inUse()).isEqualTo(2);
        assertThat(f.channelCap().pendingDecisions()).isZero();
    }

    @Test
    void inboundAndOutboundCallsShareTheTrunksChannels() {
        assertThat(f.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.inbound("1770000100.1").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.inbound("1770000100.2")).isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
        assertThat(f.outbound("0612345679")).isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
    }

    @Test
    void twoHundredSimultaneousDecisionsOnAT0GiveExactlyTwoAllows() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Decision>> decisions = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String id = "1770000200." + i;
                decisions.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return f.outbound(id, "0612345678");
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(decisions.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            long allowed = decisions.stream().filter(d -> d.join().allowed()).count();
            long full = decisions.stream().filter(d -> d.join().equals(ChannelCapPolicy.DENY_TRUNK_FULL)).count();
            assertThat(allowed).isEqualTo(2);
            assertThat(full).isEqualTo(198);
            assertThat(f.inUse()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEmergencyCallOnAFullTrunkIsAllowedAndCountedWhileItLasts() {
        String a = f.nextId();
        f.outbound(a, "0612345678");
        f.outbound("0612345679");
        String emergency = f.nextId();
        Decision d = f.outbound(emergency, "112");
        assertThat(d.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(d.reason()).isEqualTo(Reasons.EMERGENCY);
        assertThat(f.inUse()).isEqualTo(3);

        f.allocations.release(ChannelCapPolicy.resourceOf(TRUNK), a);
        assertThat(f.outbound("0612345670")).as("the emergency call still holds a channel")
                .isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
        f.allocations.release(ChannelCapPolicy.resourceOf(TRUNK), emergency);
        assertThat(f.outbound("0612345670").verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void aSecondEmergencyCallIsAlsoAllowedOnAnOverfullTrunk() {
        f.outbound("0612345678");
        f.outbound("0612345679");
        assertThat(f.outbound("112").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.outbound("15").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.inUse()).isEqualTo(4);
    }

    @Test
    void withoutTheEmergencyPolicyAnEmergencyCallIsStillNeverRefusedAndCountedOnce() {
        CapsFixture noEmergency = new CapsFixture(List.of("channel-cap", "default"), Map.of());
        noEmergency.outbound("0612345678");
        noEmergency.outbound("0612345679");
        assertThat(noEmergency.outbound("112").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(noEmergency.inUse()).isEqualTo(3);
        assertThat(noEmergency.channelCap().pendingDecisions()).isZero();
    }

    @Test
    void aLaterPolicysDenialGivesTheSlotBack() {
        Decision barred = f.outbound("0899123456");
        assertThat(barred.reason()).isEqualTo("BARRED");
        assertThat(f.inUse()).isZero();
        assertThat(f.channelCap().pendingDecisions()).isZero();
        assertThat(f.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.outbound("0612345679").verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void aDenialForTrunkFullReleasesNothingOfTheCallsInProgress() {
        f.outbound("0612345678");
        f.outbound("0612345679");
        f.outbound("0612345670");
        assertThat(f.inUse()).isEqualTo(2);
    }

    @Test
    void aCapChangeTakesEffectAtTheNextDecision() {
        f.outbound("0612345678");
        f.outbound("0612345679");
        assertThat(f.outbound("0612345670")).isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
        f.directory.put(new Trunk(TRUNK, "acme", TrunkKind.T0_IP, 3));
        assertThat(f.outbound("0612345670").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.outbound("0612345671")).isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
    }

    @Test
    void loweringTheCapBelowTheCallsInProgressRefusesNewCallsAndReleasesNothing() {
        String a = f.nextId();
        String b = f.nextId();
        f.outbound(a, "0612345678");
        f.outbound(b, "0612345679");
        f.directory.put(new Trunk(TRUNK, "acme", TrunkKind.T0_IP, 1));
        assertThat(f.outbound("0612345670")).isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
        assertThat(f.inUse()).isEqualTo(2);

        f.allocations.release(ChannelCapPolicy.resourceOf(TRUNK), a);
        assertThat(f.outbound("0612345670")).as("1 in use on a cap of 1").isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
        f.allocations.release(ChannelCapPolicy.resourceOf(TRUNK), b);
        assertThat(f.outbound("0612345670").verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void aCallOnAnUnknownTrunkIsNotCapped() {
        for (int i = 0; i < 5; i++) {
            Decision d = f.decide(new CallRequest(Direction.OUTBOUND, "acme", "unknown-trunk", "0140000000",
                    "0612345678", "PJSIP/unknown-trunk-0000000" + i, "1770000300." + i));
            assertThat(d.verdict()).isEqualTo(Verdict.ALLOW);
        }
        assertThat(f.allocations.resources()).isEmpty();
    }

    @Test
    void theReservationLivesTheAccountMaximumPlusTheMargin() {
        String id = f.nextId();
        f.outbound(id, "0612345678");
        var held = f.allocations.holders(ChannelCapPolicy.resourceOf(TRUNK), f.clock.instant());
        assertThat(held).singleElement().satisfies(a -> {
            assertThat(a.holder()).isEqualTo(id);
            assertThat(a.forced()).isFalse();
            assertThat(a.expiresAt()).isEqualTo(CapsFixture.T0.plusSeconds(7200 + 300));
        });
    }

    @Test
    void settingsAreValidatedWithTheirFullKey() {
        assertThatThrownBy(() -> CapsFixture.withSettings(Map.of("channel-cap", Map.of("margin", 10))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("policy.channel-cap.margin: unknown setting");
        assertThatThrownBy(() -> CapsFixture.withSettings(Map.of("channel-cap", Map.of("reservationMargin", "soon"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("policy.channel-cap.reservationMargin: expected a positive whole number");
        CapsFixture custom = CapsFixture.withSettings(Map.of("channel-cap", Map.of("reservationMargin", 60)));
        custom.outbound("0612345678");
        assertThat(custom.allocations.holders(ChannelCapPolicy.resourceOf(TRUNK), CapsFixture.T0).get(0).expiresAt())
                .isEqualTo(CapsFixture.T0.plusSeconds(7260));
    }

    @Test
    void withoutTheSharedAllocationsServiceThePolicyCannotBeBuilt() {
        CapsFixture f2 = CapsFixture.standard();
        PolicyEnvironment bare = new PolicyEnvironment(f2.directory, f2.plan, f2.clock, Map.of(), Map.of());
        assertThatThrownBy(() -> new ChannelCapPolicyProvider().create(bare))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Allocations");
        PolicyEnvironment ok = bare.withSettings(Map.of());
        Allocations shared = new InMemoryAllocations();
        assertThat(new ChannelCapPolicyProvider().create(new PolicyEnvironment(ok.directory(), ok.numberingPlan(),
                ok.clock(), Map.of(), Map.of(Allocations.class, shared))).name()).isEqualTo("channel-cap");
    }

    @Test
    void aSlotReservedAheadIsCountedOnceWhenTheCallsOwnDecisionComes() {
        String clientLeg = "cg-call_1";
        Trunk trunk = f.directory.trunk(CapsFixture.TRUNK).orElseThrow();
        assertThat(f.channelCap().reserveAhead(trunk, CapsFixture.ACME, false, clientLeg, f.clock.instant())).isTrue();
        assertThat(f.inUse()).isEqualTo(1);

        assertThat(f.outbound(clientLeg, "0612345678").verdict()).as("the dialled leg's decision on that channel")
                .isEqualTo(Verdict.ALLOW);
        assertThat(f.inUse()).as("not counted twice").isEqualTo(1);
        assertThat(f.outbound("0612345679").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.outbound("0612345670")).isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
        assertThat(f.channelCap().reserveAhead(trunk, CapsFixture.ACME, false, "cg-call_2", f.clock.instant()))
                .as("full: nothing reserved").isFalse();
        assertThat(f.channelCap().reserveAhead(trunk, CapsFixture.ACME, true, "cg-call_112", f.clock.instant()))
                .as("an emergency destination is never refused, and is counted").isTrue();
        assertThat(f.inUse()).isEqualTo(3);

        assertThat(f.channelCap().releaseAhead(CapsFixture.TRUNK, clientLeg)).isTrue();
        assertThat(f.channelCap().releaseAhead(CapsFixture.TRUNK, clientLeg)).isFalse();
        assertThat(f.inUse()).isEqualTo(2);
    }
}
