package io.callguard.suspension;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.cluster.ChangeFeed;
import io.callguard.core.cluster.ChangeListener;
import io.callguard.core.cluster.LocalChangeFeed;
import io.callguard.core.policy.Reasons;
import io.callguard.core.policy.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.callguard.suspension.SuspensionFixture.ACME;
import static io.callguard.suspension.SuspensionFixture.ADMIN;
import static io.callguard.suspension.SuspensionFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two suspension "nodes" on one repository and audit trail (the shared store): what node A suspends or lifts, it
 * publishes; node B, listening on a {@link LocalChangeFeed}, reads that suspension again and decides with it. A full
 * reload heals what was never told.
 */
class SuspensionChangesTest {
    private final SuspensionRepository store = new InMemorySuspensionRepository();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final SuspensionFixture a = new SuspensionFixture(store, audit);
    private final SuspensionFixture b = new SuspensionFixture(store, audit);
    private final LocalChangeFeed feedB = new LocalChangeFeed();
    private final List<String> published = new ArrayList<>();
    /** Whether A's publications reach B (false: lost notifications). */
    private boolean delivering = true;

    SuspensionChangesTest() {
        a.service.publishChangesTo(LocalChangeFeed.relayingTo(feedB, published::add, () -> delivering));
        feedB.subscribe(SuspensionModule.CHANGES, ChangeListener.of(b.service::reloadOne, b.service::reloadAll));
    }

    private Suspension suspendOnA(Duration startsIn) { return suspendOnA(startsIn, false); }

    private Suspension suspendOnA(Duration startsIn, boolean hangUpLiveCalls) {
        return a.service.suspend(new SuspendCommand(ACME, null, SuspensionReason.NON_PAYMENT, null,
                startsIn == null ? null : T0.plus(startsIn), hangUpLiveCalls, ADMIN));
    }

    @Test
    void aSuspensionMadeOnARefusesBsNextCallAndItsLiftAllowsItAgain() {
        assertThat(b.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        Suspension s = suspendOnA(null);
        assertThat(published).containsExactly(SuspensionModule.CHANGES + " " + s.id());

        assertThat(b.outbound("0612345678").verdict()).isEqualTo(Verdict.DENY);
        assertThat(b.outbound("0612345678").reason()).isEqualTo(Reasons.LINE_SUSPENDED);
        assertThat(b.outbound("112").verdict()).as("emergency").isEqualTo(Verdict.ALLOW);

        a.service.lift(ACME, s.id(), "bob");
        assertThat(published).hasSize(2);
        assertThat(b.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void aScheduledSuspensionMadeOnAStartsOnBAtItsTimeButOnlyAAuditsItsStart() {
        Suspension s = suspendOnA(Duration.ofHours(1));
        assertThat(b.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(b.service.pendingStarts()).as("the making node handles the start").isZero();

        a.clock.advance(Duration.ofHours(1));
        b.clock.advance(Duration.ofHours(1));
        assertThat(b.outbound("0612345678").verdict()).isEqualTo(Verdict.DENY);
        assertThat(b.service.activateDue(b.clock.instant())).isEmpty();
        assertThat(a.service.activateDue(a.clock.instant())).extracting(Suspension::id).containsExactly(s.id());
        assertThat(a.auditOf(s)).extracting(AuditEntry::action).containsExactly(SuspensionService.ACTION_CREATE, SuspensionService.ACTION_START);
    }

    @Test
    void aFullReloadHealsLostNotificationsBothWays() {
        delivering = false;
        Suspension s = suspendOnA(null);
        assertThat(b.outbound("0612345678").verdict()).as("not told").isEqualTo(Verdict.ALLOW);
        feedB.reloadAll();
        assertThat(b.outbound("0612345678").verdict()).isEqualTo(Verdict.DENY);

        a.service.lift(ACME, s.id(), "bob");
        assertThat(b.outbound("0612345678").verdict()).as("not told").isEqualTo(Verdict.DENY);
        feedB.reloadAll();
        assertThat(b.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        // a notification of a suspension that does not exist (any more) changes nothing
        feedB.deliver(SuspensionModule.CHANGES, "S-unknown");
        assertThat(b.book.size()).isZero();
    }
    @Test
    void aSuspensionMadeOnAThatHangsUpCutsTheCallsOfBsAsteriskTooAndEachNodeAuditsItsOwn() {
        assertThat(a.outbound(SuspensionFixture.TRUNK_A, "1770000200.1", "0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(b.outbound(SuspensionFixture.TRUNK_A, "1770000300.1", "0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(b.outbound(SuspensionFixture.TRUNK_A, "1770000300.2", "112").verdict()).isEqualTo(Verdict.ALLOW);
        Suspension s = suspendOnA(null, true);
        assertThat(a.hangups).extracting(SuspensionFixture.Hangup::channel)
                .containsExactly(SuspensionFixture.channel(SuspensionFixture.TRUNK_A, "1770000200.1"));
        assertThat(b.hangups).as("B's own call, never its emergency call").extracting(SuspensionFixture.Hangup::channel)
                .containsExactly(SuspensionFixture.channel(SuspensionFixture.TRUNK_A, "1770000300.1"));
        assertThat(a.auditOf(s)).extracting(AuditEntry::action).as("A's creation and hang-up, B's hang-up")
                .containsExactlyInAnyOrder(SuspensionService.ACTION_CREATE, SuspensionService.ACTION_HANGUP,
                        SuspensionService.ACTION_HANGUP);

        feedB.deliver(SuspensionModule.CHANGES, s.id());
        feedB.reloadAll();
        assertThat(b.hangups).as("told again: cut once").hasSize(1);
    }

    @Test
    void aScheduledSuspensionMadeOnAThatHangsUpCutsBsCallsAtItsStartAndOnlyAAuditsTheStart() {
        Suspension s = suspendOnA(Duration.ofHours(1), true);
        assertThat(b.outbound(SuspensionFixture.TRUNK_A, "1770000300.1", "0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(b.hangups).isEmpty();
        a.clock.advance(Duration.ofHours(1));
        b.clock.advance(Duration.ofHours(1));
        assertThat(b.service.activateDue(b.clock.instant())).as("not B's start to report").isEmpty();
        assertThat(b.hangups).extracting(SuspensionFixture.Hangup::channel)
                .containsExactly(SuspensionFixture.channel(SuspensionFixture.TRUNK_A, "1770000300.1"));
        assertThat(a.service.activateDue(a.clock.instant())).extracting(Suspension::id).containsExactly(s.id());
        assertThat(a.hangups).as("A carries no call").isEmpty();
        assertThat(a.auditOf(s)).extracting(AuditEntry::action).as("B's hang-up, then A's start and its (empty) hang-up")
                .containsExactly(SuspensionService.ACTION_CREATE, SuspensionService.ACTION_HANGUP,
                        SuspensionService.ACTION_START, SuspensionService.ACTION_HANGUP);
    }

    @Test
    void aScheduledSuspensionLiftedBeforeItsStartCutsNothingOnB() {
        Suspension s = suspendOnA(Duration.ofHours(1), true);
        assertThat(b.outbound(SuspensionFixture.TRUNK_A, "1770000300.1", "0612345678").verdict()).isEqualTo(Verdict.ALLOW);
        a.service.lift(ACME, s.id(), "bob");
        b.clock.advance(Duration.ofHours(2));
        b.service.activateDue(b.clock.instant());
        assertThat(b.hangups).isEmpty();
    }
}
