package io.callguard.suspension;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.policy.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.callguard.suspension.SuspensionFixture.ACME;
import static io.callguard.suspension.SuspensionFixture.ADMIN;
import static io.callguard.suspension.SuspensionFixture.GLOBEX;
import static io.callguard.suspension.SuspensionFixture.T0;
import static io.callguard.suspension.SuspensionFixture.TRUNK_A;
import static io.callguard.suspension.SuspensionFixture.TRUNK_G;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The write side: validation, scheduling, lifting, history, restart and audit trail. */
class SuspensionServiceTest {
    private final SuspensionFixture f = new SuspensionFixture();

    private Suspension scheduleIn(Duration in, boolean hangUp) {
        return f.service.suspend(new SuspendCommand(ACME, null, SuspensionReason.NON_PAYMENT, "notice sent",
                T0.plus(in), hangUp, ADMIN));
    }

    @Test
    void anImmediateSuspensionIsStoredActiveAndInTheBook() {
        Suspension s = f.service.suspend(new SuspendCommand(ACME, TRUNK_A, SuspensionReason.CREDIT_THRESHOLD,
                "encours 1 234 €", null, false, ADMIN));
        assertThat(s.id()).hasSize(18);
        assertThat(s.createdAt()).isEqualTo(T0);
        assertThat(s.startsAt()).isEqualTo(T0);
        assertThat(s.createdBy()).isEqualTo(ADMIN);
        assertThat(s.status(T0)).isEqualTo(SuspensionStatus.ACTIVE);
        assertThat(f.repository.find(s.id())).contains(s);
        assertThat(f.book.activeFor(ACME, TRUNK_A, T0)).containsExactly(s);
        assertThat(f.book.activeFor(ACME, null, T0)).containsExactly(s);
        assertThat(f.book.activeFor(ACME, "trunk-b", T0)).isEmpty();
    }

    @Test
    void aScheduledSuspensionIsNotActiveBeforeItsStartAndIsAtItsStart() {
        Suspension s = scheduleIn(Duration.ofDays(8), false);
        assertThat(s.status(T0)).isEqualTo(SuspensionStatus.SCHEDULED);
        assertThat(s.isScheduledAt(T0)).isTrue();
        assertThat(f.book.outboundBlocked(ACME, TRUNK_A, T0)).isFalse();
        f.clock.advance(Duration.ofDays(8));
        Instant now = f.clock.instant();
        assertThat(s.isActiveAt(now)).isTrue();
        assertThat(f.book.outboundBlocked(ACME, TRUNK_A, now)).isTrue();
    }

    @Test
    void aScheduledSuspensionCanBeCancelledBeforeItStartsAndThenNeverBlocks() {
        Suspension s = scheduleIn(Duration.ofDays(8), false);
        f.clock.advance(Duration.ofDays(1));
        Suspension cancelled = f.service.lift(ACME, s.id(), "bob");
        assertThat(cancelled.endedHow()).isEqualTo(EndKind.CANCELLED);
        assertThat(cancelled.status(f.clock.instant())).isEqualTo(SuspensionStatus.CANCELLED);
        f.clock.advance(Duration.ofDays(10));
        assertThat(f.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.service.activateDue(f.clock.instant())).isEmpty();
        assertThat(f.auditOf(s)).extracting(AuditEntry::action)
                .containsExactly(SuspensionService.ACTION_CREATE, SuspensionService.ACTION_CANCEL);
    }

    @Test
    void anActiveSuspensionIsLiftedAndCannotBeLiftedTwice() {
        Suspension s = scheduleIn(Duration.ofHours(1), false);
        f.clock.advance(Duration.ofHours(2));
        Suspension lifted = f.service.lift(ACME, s.id(), "bob");
        assertThat(lifted.endedHow()).isEqualTo(EndKind.LIFTED);
        assertThat(lifted.endedBy()).isEqualTo("bob");
        assertThat(lifted.endedAt()).isEqualTo(f.clock.instant());
        assertThat(f.repository.find(s.id())).contains(lifted);
        assertThatThrownBy(() -> f.service.lift(ACME, s.id(), "carol"))
                .isInstanceOf(AlreadyEndedException.class).hasMessageContaining("already lifted by bob")
                .satisfies(e -> assertThat(((AlreadyEndedException) e).suspension()).isEqualTo(lifted));
        assertThat(f.book.size()).isZero();
    }

    @Test
    void aCancelledSuspensionCannotBeLiftedAfterwards() {
        Suspension s = scheduleIn(Duration.ofDays(8), false);
        f.service.lift(ACME, s.id(), "bob");
        f.clock.advance(Duration.ofDays(9));
        assertThatThrownBy(() -> f.service.lift(ACME, s.id(), "bob"))
                .isInstanceOf(AlreadyEndedException.class).hasMessageContaining("already cancelled");
    }

    @Test
    void liftingAnUnknownIdOrAnotherAccountsSuspensionIsNotFound() {
        Suspension globex = f.suspendNow(GLOBEX, null, SuspensionReason.LOW_ASR);
        assertThatThrownBy(() -> f.service.lift(ACME, globex.id(), "bob"))
                .isInstanceOf(SuspensionNotFoundException.class).hasMessageContaining(globex.id());
        assertThatThrownBy(() -> f.service.lift(ACME, "nope", "bob"))
                .isInstanceOf(SuspensionNotFoundException.class);
        assertThat(f.book.outboundBlocked(GLOBEX, TRUNK_G, T0)).isTrue();
    }

    @Test
    void suspendingAnUnknownAccountOrTrunkOrAnotherAccountsTrunkIsRefusedNamingIt() {
        assertThatThrownBy(() -> f.suspendNow("ghost", null, SuspensionReason.CREDIT_THRESHOLD))
                .isInstanceOf(UnknownTargetException.class).hasMessage("accountId: no account 'ghost'")
                .satisfies(e -> assertThat(((UnknownTargetException) e).target()).isEqualTo("account:ghost"));
        assertThatThrownBy(() -> f.suspendNow(ACME, "trunk-z", SuspensionReason.CREDIT_THRESHOLD))
                .isInstanceOf(UnknownTargetException.class).hasMessage("trunkId: no trunk 'trunk-z'");
        assertThatThrownBy(() -> f.suspendNow(ACME, TRUNK_G, SuspensionReason.CREDIT_THRESHOLD))
                .isInstanceOf(UnknownTargetException.class)
                .hasMessage("trunkId: trunk 'trunk-g' is not a trunk of account 'acme'")
                .satisfies(e -> assertThat(((UnknownTargetException) e).field()).isEqualTo("trunkId"));
        assertThat(f.repository.listOpen()).isEmpty();
        assertThat(f.audit.all()).isEmpty();
    }

    @Test
    void invalidFieldsAreRefusedWithAMessageNamingTheField() {
        assertThatThrownBy(() -> f.service.suspend(new SuspendCommand(ACME, null, SuspensionReason.LOW_ASR,
                "x".repeat(1001), null, false, ADMIN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("note: at most 1000 characters, got 1001");
        assertThatThrownBy(() -> f.service.suspend(new SuspendCommand(ACME, null, SuspensionReason.OTHER,
                " ", null, false, ADMIN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("note: required when the reason is OTHER");
        assertThatThrownBy(() -> new SuspendCommand(ACME, null, SuspensionReason.LOW_ASR, "", null, false, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("actor: required");
        assertThatThrownBy(() -> new SuspendCommand(ACME, null, null, "", null, false, ADMIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("reason: required");
        assertThatThrownBy(() -> f.service.suspend(new SuspendCommand(ACME, null, SuspensionReason.LOW_ASR, "",
                T0.minusSeconds(31), false, ADMIN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("startsAt: must not be before");
        assertThatThrownBy(() -> f.service.lift(ACME, "x", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("actor: required");
        assertThatThrownBy(() -> SuspensionReason.fromCode("BROKE"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("reason: unknown code 'BROKE'");
        assertThat(SuspensionReason.fromCode(" credit_threshold ")).isEqualTo(SuspensionReason.CREDIT_THRESHOLD);
        assertThat(f.repository.listOpen()).isEmpty();
    }

    @Test
    void aStartSlightlyInThePastMeansNow() {
        Suspension s = f.service.suspend(new SuspendCommand(ACME, null, SuspensionReason.LOW_ASR, "",
                T0.minusSeconds(10), false, ADMIN));
        assertThat(s.startsAt()).isEqualTo(T0);
        assertThat(f.service.pendingStarts()).isZero();
    }

    @Test
    void reasonsCiteTheirContractArticle() {
        assertThat(SuspensionReason.CREDIT_THRESHOLD.article()).isEqualTo("CGV 8.2");
        assertThat(SuspensionReason.NON_PAYMENT.article()).isEqualTo("CGV 8.4");
        for (SuspensionReason r : List.of(SuspensionReason.MISSING_DEPOSIT, SuspensionReason.AWAITED_OBLIGATION,
                SuspensionReason.ABNORMAL_CONSUMPTION, SuspensionReason.SIP_TRANSACTION_RATE, SuspensionReason.SHORT_CALLS,
                SuspensionReason.LOW_ASR, SuspensionReason.FORCE_MAJEURE, SuspensionReason.OTHER)) {
            assertThat(r.article()).as(r.code()).isEqualTo("CGV 12.1");
        }
    }

    @Test
    void historyListsEverySuspensionOfTheAccountNewestFirst() {
        Suspension first = f.suspendNow(ACME, null, SuspensionReason.CREDIT_THRESHOLD);
        f.clock.advance(Duration.ofMinutes(1));
        Suspension second = scheduleIn(Duration.ofDays(8), false);
        f.clock.advance(Duration.ofMinutes(1));
        Suspension lifted = f.service.lift(ACME, first.id(), "bob");
        f.suspendNow(GLOBEX, null, SuspensionReason.LOW_ASR);
        assertThat(f.service.history(ACME)).containsExactly(second, lifted);
        assertThat(f.service.get(ACME, second.id())).isEqualTo(second);
    }

    @Test
    void aRestartReloadsScheduledAndActiveSuspensionsFromTheRepository() {
        Suspension active = f.suspendNow(ACME, null, SuspensionReason.CREDIT_THRESHOLD);
        Suspension trunk = f.suspendNow(GLOBEX, TRUNK_G, SuspensionReason.SIP_TRANSACTION_RATE);
        Suspension scheduled = scheduleIn(Duration.ofDays(8), false);
        Suspension gone = f.suspendNow(ACME, null, SuspensionReason.LOW_ASR);
        f.service.lift(ACME, gone.id(), "bob");

        SuspensionFixture restarted = new SuspensionFixture(f.repository, f.audit);
        restarted.clock.set(f.clock.instant());
        assertThat(restarted.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW); // not loaded yet
        assertThat(restarted.service.load()).isEqualTo(3);
        assertThat(restarted.book.openFor(ACME)).containsExactly(active, scheduled);
        assertThat(restarted.book.openFor(GLOBEX)).containsExactly(trunk);
        assertThat(restarted.outbound("0612345678").verdict()).isEqualTo(Verdict.DENY);
        assertThat(restarted.outbound(TRUNK_G, "0612345678").verdict()).isEqualTo(Verdict.DENY);

        // The scheduled one still takes effect on time, and can still be cancelled on the new instance.
        restarted.service.lift(ACME, active.id(), "bob");
        assertThat(restarted.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        restarted.clock.advance(Duration.ofDays(8));
        assertThat(restarted.outbound("0612345678").verdict()).isEqualTo(Verdict.DENY);
        assertThat(restarted.service.activateDue(restarted.clock.instant())).containsExactly(scheduled);
    }

    @Test
    void everyChangeLandsInTheAuditTrailWithActorActionTargetAndBeforeAfter() {
        Suspension s = f.service.suspend(new SuspendCommand(ACME, TRUNK_A, SuspensionReason.CREDIT_THRESHOLD,
                "encours \"1 234 €\"", null, false, ADMIN));
        f.clock.advance(Duration.ofHours(1));
        f.service.lift(ACME, s.id(), "bob");

        List<AuditEntry> entries = f.auditOf(s);
        assertThat(entries).hasSize(2);
        AuditEntry create = entries.get(0);
        assertThat(create.id()).isPositive();
        assertThat(create.at()).isEqualTo(T0);
        assertThat(create.actor()).isEqualTo(ADMIN);
        assertThat(create.action()).isEqualTo("suspension.create");
        assertThat(create.target()).isEqualTo("suspension:" + s.id());
        assertThat(create.before()).isNull();
        assertThat(create.after()).startsWith("{\"id\":\"" + s.id() + "\",\"accountId\":\"acme\",\"trunkId\":\"trunk-a\","
                + "\"reason\":\"CREDIT_THRESHOLD\",\"article\":\"CGV 8.2\",\"note\":\"encours \\\"1 234 €\\\"\"")
                .contains("\"status\":\"ACTIVE\"", "\"createdBy\":\"alice@operator\"", "\"endedAt\":null");

        AuditEntry lift = entries.get(1);
        assertThat(lift.at()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(lift.actor()).isEqualTo("bob");
        assertThat(lift.action()).isEqualTo("suspension.lift");
        assertThat(lift.before()).contains("\"status\":\"ACTIVE\"", "\"endedBy\":null");
        assertThat(lift.after()).contains("\"status\":\"LIFTED\"", "\"endedBy\":\"bob\"", "\"endedHow\":\"LIFTED\"",
                "\"endedAt\":\"2026-02-02T10:00:00Z\"");
    }

    @Test
    void aFailingAuditLogDoesNotUndoTheSuspension() {
        SuspensionService service = new SuspensionService(f.repository, f.book, f.directory,
                new io.callguard.core.audit.AuditLog() {
                    @Override public void append(AuditEntry entry) { throw new IllegalStateException("db down"); }

                    @Override public List<AuditEntry> list(io.callguard.core.audit.AuditQuery q) { return List.of(); }
                }, f.terminator, f.clock);
        Suspension s = service.suspend(SuspendCommand.now(ACME, null, SuspensionReason.CREDIT_THRESHOLD, "", ADMIN));
        assertThat(f.book.outboundBlocked(ACME, TRUNK_A, T0)).isTrue();
        assertThat(f.repository.find(s.id())).isPresent();
    }
}
