package io.callguard.caps;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Reasons;
import io.callguard.core.policy.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallsPerSecondPolicyTest {
    private static CapsFixture withLimit(Object limit) {
        CapsFixture f = new CapsFixture(List.of("emergency", "calls-per-second", "default"),
                limit == null ? Map.of() : Map.of("calls-per-second", Map.of("limit", limit)));
        f.directory.put(new Trunk(CapsFixture.TRUNK, "acme", TrunkKind.T2_IP, 30));
        return f;
    }

    @Test
    void offByDefault() {
        CapsFixture f = withLimit(null);
        for (int i = 0; i < 20; i++) assertThat(f.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.allocations.resources()).isEmpty();
    }

    @Test
    void aSecondCallInTheSameSecondIsRefusedAndTheNextSecondIsAllowed() {
        CapsFixture f = withLimit(1);
        assertThat(f.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        f.clock.advance(Duration.ofMillis(999));
        Decision second = f.outbound("0612345679");
        assertThat(second).isEqualTo(CallsPerSecondPolicy.DENY_CPS_EXCEEDED);
        assertThat(second.reason()).isEqualTo(Reasons.CPS_EXCEEDED);
        assertThat(second.cause()).isEqualTo(34);
        assertThat(second.prompt()).isEqualTo("callguard/cps-exceeded");
        f.clock.advance(Duration.ofMillis(1));
        assertThat(f.outbound("0612345670").verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void theAccountsOwnLimitWinsOverTheSetting() {
        CapsFixture f = withLimit(1);
        f.directory.put(new Account("acme", "Acme", 7200, 3));
        for (int i = 0; i < 3; i++) assertThat(f.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.outbound("0612345678")).isEqualTo(CallsPerSecondPolicy.DENY_CPS_EXCEEDED);

        f.directory.put(new Account("acme", "Acme", 7200, 0));
        assertThat(f.outbound("0612345678").verdict()).as("0 on the account: no limit").isEqualTo(Verdict.ALLOW);
    }

    @Test
    void emergencyCallsAreNeverLimited() {
        CapsFixture f = withLimit(1);
        f.outbound("0612345678");
        assertThat(f.outbound("112").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.outbound("17").verdict()).isEqualTo(Verdict.ALLOW);
        CallsPerSecondPolicy alone = new CallsPerSecondPolicy(f.allocations, f.clock, 1);
        var emergency = f.engine.resolve(new io.callguard.core.policy.CallRequest(
                io.callguard.core.policy.Direction.OUTBOUND, "", CapsFixture.TRUNK, "", "112", "PJSIP/trunk-a-00000009", "9"));
        assertThat(alone.evaluate(emergency).toCompletableFuture().join()).isEmpty();
    }

    @Test
    void theLimitSettingTakesStringsAndRefusesNegativesAndWords() {
        assertThat(withLimit("2").outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThatThrownBy(() -> withLimit(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("policy.calls-per-second.limit: expected a whole number");
        assertThatThrownBy(() -> withLimit("lots")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("policy.calls-per-second.limit");
        assertThatThrownBy(() -> withLimit(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got '1.5'");
        assertThatThrownBy(() -> new CapsFixture(List.of("calls-per-second", "default"),
                Map.of("calls-per-second", Map.of("perSecond", 3)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("policy.calls-per-second.perSecond: unknown setting");
    }

    @Test
    void itIsTheSamePrimitiveWithAOneSecondLife() {
        CapsFixture f = withLimit(5);
        String id = f.nextId();
        f.outbound(id, "0612345678");
        assertThat(f.allocations.holders(CallsPerSecondPolicy.resourceOf("acme"), f.clock.instant()))
                .singleElement().satisfies(a -> {
                    assertThat(a.holder()).isEqualTo(id);
                    assertThat(a.expiresAt()).isEqualTo(f.clock.instant().plusSeconds(1));
                });
    }

    @Test
    void inboundCallsFromThePublicAreNeverPacedOnlyTheClientsOwnCalls() {
        CapsFixture f = withLimit(1);
        f.directory.put(new io.callguard.core.directory.Trunk("trunk-a", "acme",
                io.callguard.core.directory.TrunkKind.T2_IP, 30));
        assertThat(f.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        for (int i = 0; i < 5; i++) {
            assertThat(f.inbound(f.nextId()).verdict()).as("inbound call %d in the same second", i)
                    .isEqualTo(Verdict.ALLOW);
        }
        assertThat(f.outbound("0612345678").reason()).isEqualTo("CPS_EXCEEDED");
    }

    @Test
    void aCallCountedAheadIsNotCountedAgainByItsOwnDecisionEvenInALaterSecond() {
        CapsFixture f = withLimit(1);
        CallsPerSecondPolicy cps = (CallsPerSecondPolicy) f.chain.policies().stream()
                .filter(p -> p instanceof CallsPerSecondPolicy).findFirst().orElseThrow();
        String clientLeg = "cg-call_1";
        assertThat(cps.admitAhead("acme", null, false, clientLeg, f.clock.instant().plusSeconds(90), f.clock.instant()))
                .isTrue();
        assertThat(cps.admitAhead("acme", null, false, "cg-call_2", f.clock.instant().plusSeconds(90), f.clock.instant()))
                .as("over the limit: refused, nothing counted").isFalse();
        assertThat(cps.admitAhead("acme", null, true, "cg-call_112", f.clock.instant().plusSeconds(90), f.clock.instant()))
                .as("emergency").isTrue();

        f.clock.advance(Duration.ofMillis(5300)); // the client answers 5.3 s later; another call took this second
        assertThat(f.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.outbound(clientLeg, "0612345679").verdict()).as("counted when requested, not again")
                .isEqualTo(Verdict.ALLOW);
        assertThat(f.outbound(clientLeg + "-again", "0612345679")).isEqualTo(CallsPerSecondPolicy.DENY_CPS_EXCEEDED);
    }

    @Test
    void aCallRefusedAfterItsCountAheadIsRefundedWhole() {
        CapsFixture f = withLimit(1);
        CallsPerSecondPolicy cps = (CallsPerSecondPolicy) f.chain.policies().stream()
                .filter(p -> p instanceof CallsPerSecondPolicy).findFirst().orElseThrow();
        assertThat(cps.admitAhead("acme", null, false, "cg-call_1", f.clock.instant().plusSeconds(90), f.clock.instant()))
                .isTrue();
        cps.refundAhead("acme", "cg-call_1");
        assertThat(f.allocations.inUse(CallsPerSecondPolicy.resourceOf("acme"), f.clock.instant())).isZero();
        assertThat(f.allocations.inUse(CallsPerSecondPolicy.AHEAD_PREFIX + "acme", f.clock.instant())).isZero();
        assertThat(f.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
    }
}
