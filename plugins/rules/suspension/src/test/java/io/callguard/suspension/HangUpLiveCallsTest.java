package io.callguard.suspension;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.calls.ChannelHangup;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.policy.Verdict;
import io.callguard.suspension.SuspensionFixture.Hangup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.callguard.suspension.SuspensionFixture.ACME;
import static io.callguard.suspension.SuspensionFixture.ADMIN;
import static io.callguard.suspension.SuspensionFixture.T0;
import static io.callguard.suspension.SuspensionFixture.TRUNK_A;
import static io.callguard.suspension.SuspensionFixture.TRUNK_B;
import static io.callguard.suspension.SuspensionFixture.TRUNK_G;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hang-up option: only the suspended lines' live OUTBOUND non-emergency calls are cut, once; inbound calls and
 * emergency calls never.
 */
class HangUpLiveCallsTest {
    private final SuspensionFixture f = new SuspensionFixture();
    private final String normalA = "1770000100.1";
    private final String emergencyA = "1770000100.2";
    private final String inboundA = "1770000100.3";
    private final String otherAccount = "1770000100.4";
    private final String normalB = "1770000100.5";

    @BeforeEach
    void liveCalls() {
        // Decided before any suspension: the call tracker learns direction, account, trunk and callee from them.
        assertThat(f.outbound(TRUNK_A, normalA, "0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.outbound(TRUNK_A, emergencyA, "112").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.inbound(inboundA).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.outbound(TRUNK_G, otherAccount, "0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.tracker.size()).isEqualTo(4);
    }

    private Suspension suspend(String trunk, boolean hangUp, Duration startIn) {
        return f.service.suspend(new SuspendCommand(ACME, trunk, SuspensionReason.ABNORMAL_CONSUMPTION, "",
                startIn == null ? null : T0.plus(startIn), hangUp, ADMIN));
    }

    @Test
    void byDefaultLiveCallsAreLetFinish() {
        suspend(null, false, null);
        assertThat(f.hangups).isEmpty();
    }

    @Test
    void hangingUpCutsOnlyTheAccountsOutboundNonEmergencyCall() {
        Suspension s = suspend(null, true, null);
        assertThat(f.hangups).containsExactly(new Hangup(SuspensionFixture.channel(TRUNK_A, normalA),
                ChannelHangup.NORMAL_CLEARING));
        List<AuditEntry> audit = f.auditOf(s);
        assertThat(audit).extracting(AuditEntry::action).containsExactly("suspension.create", "suspension.hangup");
        assertThat(audit.get(1).actor()).isEqualTo(ADMIN);
        assertThat(audit.get(1).after()).contains("\"uniqueId\":\"" + normalA + "\"").doesNotContain(emergencyA)
                .doesNotContain(inboundA).doesNotContain(otherAccount);
    }

    @Test
    void aTrunkSuspensionCutsOnlyThatTrunksCalls() {
        assertThat(f.outbound(TRUNK_B, normalB, "0140000000").verdict()).isEqualTo(Verdict.ALLOW);
        suspend(TRUNK_B, true, null);
        assertThat(f.hangups).containsExactly(new Hangup(SuspensionFixture.channel(TRUNK_B, normalB), 16));
    }

    @Test
    void aCallWhoseOtherLegIsToAnEmergencyNumberIsNeverCut() {
        // A transfer: the client's outbound leg to a mobile is now bridged to a leg dialling 112.
        f.tracker.channelCreated("1770000100.9", normalA, "PJSIP/carrier-00000009", "", "0140000000", "112", "Up");
        suspend(null, true, null);
        assertThat(f.hangups).isEmpty();
    }

    @Test
    void aChannelWhoseCalleeIsUnknownIsKept() {
        f.tracker.replaceAll(List.of(new LiveCall("1770000100.7", "1770000100.7", "PJSIP/trunk-a-00000007", TRUNK_A,
                ACME, io.callguard.core.policy.Direction.OUTBOUND, "0140000000", "", "Up", T0, T0, null)));
        assertThat(f.terminator.targets(ACME, null)).isEmpty();
    }

    @Test
    void aScheduledHangUpIsAppliedOnceWhenItsStartComes() {
        Suspension s = suspend(null, true, Duration.ofHours(1));
        assertThat(f.hangups).isEmpty();
        assertThat(f.service.activateDue(f.clock.instant())).isEmpty();
        f.clock.advance(Duration.ofMinutes(59));
        assertThat(f.service.activateDue(f.clock.instant())).isEmpty();
        assertThat(f.hangups).isEmpty();

        f.clock.advance(Duration.ofMinutes(1));
        assertThat(f.service.activateDue(f.clock.instant())).containsExactly(s);
        assertThat(f.hangups).containsExactly(new Hangup(SuspensionFixture.channel(TRUNK_A, normalA), 16));
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(f.service.activateDue(f.clock.instant())).isEmpty();
        assertThat(f.hangups).hasSize(1);

        List<AuditEntry> audit = f.auditOf(s);
        assertThat(audit).extracting(AuditEntry::action)
                .containsExactly("suspension.create", "suspension.start", "suspension.hangup");
        assertThat(audit.get(1).actor()).isEqualTo(SuspensionService.SYSTEM_ACTOR);
        assertThat(audit.get(1).before()).contains("\"status\":\"SCHEDULED\"");
        assertThat(audit.get(1).after()).contains("\"status\":\"ACTIVE\"");
    }

    @Test
    void aScheduledSuspensionWithoutHangUpIsAuditedAtItsStartAndCutsNothing() {
        Suspension s = suspend(null, false, Duration.ofHours(1));
        f.clock.advance(Duration.ofHours(1));
        assertThat(f.service.activateDue(f.clock.instant())).containsExactly(s);
        assertThat(f.hangups).isEmpty();
        assertThat(f.auditOf(s)).extracting(AuditEntry::action).containsExactly("suspension.create", "suspension.start");
    }

    @Test
    void aStartThatCameWhileCallguardWasDownIsHandledOnceAfterTheRestart() {
        Suspension s = suspend(null, true, Duration.ofHours(1));
        SuspensionFixture restarted = new SuspensionFixture(f.repository, f.audit);
        restarted.clock.set(T0.plus(Duration.ofHours(2)));
        // The live call survived callguard's restart in Asterisk; the tracker relearns it.
        restarted.tracker.replaceAll(f.tracker.list());
        restarted.service.load();
        assertThat(restarted.service.activateDue(restarted.clock.instant())).containsExactly(s);
        assertThat(restarted.hangups).hasSize(1);

        // A second restart finds the start in the audit trail and does not handle it again.
        SuspensionFixture again = new SuspensionFixture(f.repository, f.audit);
        again.clock.set(T0.plus(Duration.ofHours(3)));
        again.tracker.replaceAll(f.tracker.list());
        again.service.load();
        assertThat(again.service.pendingStarts()).isZero();
        assertThat(again.service.activateDue(again.clock.instant())).isEmpty();
        assertThat(again.hangups).isEmpty();
    }

    @Test
    void aSuspensionLiftedBeforeItsStartHangsUpNothing() {
        Suspension s = suspend(null, true, Duration.ofHours(1));
        f.service.lift(ACME, s.id(), "bob");
        f.clock.advance(Duration.ofHours(2));
        assertThat(f.service.activateDue(f.clock.instant())).isEmpty();
        assertThat(f.hangups).isEmpty();
    }

    @Test
    void aFailedHangUpRequestIsLoggedAndLeftOut() {
        LiveCallTerminator failing = new LiveCallTerminator(f.tracker, f.plan, (ch, cause) -> {
            throw new IllegalStateException("AMI down");
        });
        Suspension s = new Suspension("s1", ACME, null, SuspensionReason.LOW_ASR, "", ADMIN, T0, T0, true,
                null, null, null);
        assertThat(failing.targets(ACME, null)).hasSize(1);
        assertThat(failing.terminate(s)).isEmpty();
    }
}
