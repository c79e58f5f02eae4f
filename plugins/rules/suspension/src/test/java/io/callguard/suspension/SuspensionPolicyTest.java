package io.callguard.suspension;

import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.CallRequest;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyRegistry;
import io.callguard.core.policy.Reasons;
import io.callguard.core.policy.Verdict;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static io.callguard.suspension.SuspensionFixture.ACME;
import static io.callguard.suspension.SuspensionFixture.GLOBEX;
import static io.callguard.suspension.SuspensionFixture.TRUNK_A;
import static io.callguard.suspension.SuspensionFixture.TRUNK_B;
import static io.callguard.suspension.SuspensionFixture.TRUNK_G;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The suspension policy in the real chain emergency → suspension → default. */
class SuspensionPolicyTest {
    private final SuspensionFixture f = new SuspensionFixture();

    private static void assertSuspended(Decision d) {
        assertThat(d.verdict()).isEqualTo(Verdict.DENY);
        assertThat(d.reason()).isEqualTo(Reasons.LINE_SUSPENDED);
        assertThat(d.cause()).isEqualTo(21);
        assertThat(d.prompt()).isEqualTo("callguard/line-suspended");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0612345678", "0899123456", "+33612345678", "0044207946095", "0140000000", "3949"})
    void aSuspendedAccountIsRefusedEveryNonEmergencyDestination(String dialled) {
        assertThat(f.outbound(dialled).verdict()).isEqualTo(Verdict.ALLOW);
        f.suspendNow(ACME, null, SuspensionReason.CREDIT_THRESHOLD);
        assertSuspended(f.outbound(dialled));
        assertSuspended(f.outbound(TRUNK_B, dialled));
    }

    @ParameterizedTest
    @ValueSource(strings = {"15", "17", "18", "112", "114", "115", "119", "116000", "191", "196", "197"})
    void aSuspendedAccountStillReachesEveryEmergencyNumber(String dialled) {
        f.suspendNow(ACME, null, SuspensionReason.NON_PAYMENT);
        Decision d = f.outbound(dialled);
        assertThat(d.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(d.reason()).isEqualTo(Reasons.EMERGENCY);
    }

    @Test
    void aSuspendedAccountStillReceivesCallsOnItsNumber() {
        f.suspendNow(ACME, null, SuspensionReason.CREDIT_THRESHOLD);
        Decision d = f.inbound(f.nextId());
        assertThat(d.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(d.reason()).isNull();
    }

    @Test
    void theDecisionSeesTheSuspensionAtTheInstantSuspendReturns() {
        f.suspendNow(ACME, null, SuspensionReason.FORCE_MAJEURE);
        // Same clock instant as the creation: no timer, no refresh, no delay.
        assertSuspended(f.outbound("0612345678"));
    }

    @Test
    void aTrunkSuspensionBlocksOnlyThatTrunk() {
        f.suspendNow(ACME, TRUNK_A, SuspensionReason.SIP_TRANSACTION_RATE);
        assertSuspended(f.outbound(TRUNK_A, "0612345678"));
        assertThat(f.outbound(TRUNK_B, "0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.outbound(TRUNK_G, "0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.outbound(TRUNK_A, "112").verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void anotherAccountIsNotAffected() {
        f.suspendNow(ACME, null, SuspensionReason.LOW_ASR);
        assertThat(f.outbound(TRUNK_G, "0612345678").verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void twoReasonsHoldTheLineUntilBothAreLifted() {
        Suspension credit = f.suspendNow(ACME, null, SuspensionReason.CREDIT_THRESHOLD);
        Suspension asr = f.suspendNow(ACME, null, SuspensionReason.LOW_ASR);
        f.clock.advance(Duration.ofMinutes(5));
        f.service.lift(ACME, credit.id(), "bob");
        assertSuspended(f.outbound("0612345678"));
        f.service.lift(ACME, asr.id(), "bob");
        assertThat(f.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void anAccountAndATrunkSuspensionBothHaveToBeLifted() {
        Suspension account = f.suspendNow(ACME, null, SuspensionReason.MISSING_DEPOSIT);
        Suspension trunk = f.suspendNow(ACME, TRUNK_A, SuspensionReason.SHORT_CALLS);
        f.service.lift(ACME, account.id(), "bob");
        assertSuspended(f.outbound(TRUNK_A, "0612345678"));
        assertThat(f.outbound(TRUNK_B, "0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        f.service.lift(ACME, trunk.id(), "bob");
        assertThat(f.outbound(TRUNK_A, "0612345678").verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void aScheduledSuspensionBlocksFromItsStartWithoutAnyTimer() {
        f.service.suspend(new SuspendCommand(ACME, null, SuspensionReason.NON_PAYMENT, "mise en demeure du 2 fév.",
                SuspensionFixture.T0.plus(Duration.ofDays(8)), false, "alice"));
        assertThat(f.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        f.clock.advance(Duration.ofDays(8).minusMillis(1));
        assertThat(f.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        f.clock.advance(Duration.ofMillis(1));
        assertSuspended(f.outbound("0612345678"));
        assertThat(f.outbound("112").verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void aMismatchedAccountCodeDoesNotLetASuspendedTrunkCallOut() {
        f.suspendNow(ACME, TRUNK_A, SuspensionReason.ABNORMAL_CONSUMPTION);
        String id = f.nextId();
        Decision d = f.decide(new CallRequest(Direction.OUTBOUND, GLOBEX, TRUNK_A, "0140000000", "0612345678",
                SuspensionFixture.channel(TRUNK_A, id), id));
        assertSuspended(d);
    }

    @Test
    void theGuardLetsAnEmergencyCallPassEvenWithoutTheEmergencyPolicy() {
        SuspensionBook book = new SuspensionBook();
        book.put(new Suspension("s1", ACME, null, SuspensionReason.CREDIT_THRESHOLD, "", "alice",
                SuspensionFixture.T0, SuspensionFixture.T0, false, null, null, null));
        SuspensionPolicy policy = new SuspensionPolicy(book, f.directory);
        FrenchNumberingPlan plan = FrenchNumberingPlan.withDefaults();
        CallContext emergency = new CallContext(Direction.OUTBOUND, ACME, null, TRUNK_A, null, "0140000000",
                plan.classify("112"), "PJSIP/trunk-a-00000001", "1.1", SuspensionFixture.T0);
        CallContext normal = new CallContext(Direction.OUTBOUND, ACME, null, TRUNK_A, null, "0140000000",
                plan.classify("0612345678"), "PJSIP/trunk-a-00000002", "1.2", SuspensionFixture.T0);
        CallContext inbound = new CallContext(Direction.INBOUND, ACME, null, TRUNK_A, null, "0612345678",
                plan.classify(SuspensionFixture.DID), "PJSIP/carrier-00000003", "1.3", SuspensionFixture.T0);
        assertThat(policy.evaluate(emergency).toCompletableFuture().join()).isEmpty();
        assertThat(policy.evaluate(inbound).toCompletableFuture().join()).isEmpty();
        assertThat(policy.evaluate(normal).toCompletableFuture().join()).contains(SuspensionPolicy.DENY_LINE_SUSPENDED);
    }

    @Test
    void theProviderIsDeclaredByTheModuleAndNeedsTheBook() {
        assertThat(PolicyRegistry.withBuiltIns(new SuspensionModule().policies()).names()).contains("suspension");
        PolicyEnvironment noBook = new PolicyEnvironment(new InMemoryDirectory(), FrenchNumberingPlan.withDefaults(),
                new MutableClock(SuspensionFixture.T0), Map.of(), Map.of());
        assertThatThrownBy(() -> new SuspensionPolicyProvider().create(noBook))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("policy.suspension")
                .hasMessageContaining("SuspensionBook");
        PolicyEnvironment withSetting = new PolicyEnvironment(new InMemoryDirectory(), FrenchNumberingPlan.withDefaults(),
                new MutableClock(SuspensionFixture.T0), Map.of("strict", true), Map.of(SuspensionBook.class, new SuspensionBook()));
        assertThatThrownBy(() -> new SuspensionPolicyProvider().create(withSetting))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("policy.suspension.strict");
    }
}
