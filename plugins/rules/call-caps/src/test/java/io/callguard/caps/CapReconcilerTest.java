package io.callguard.caps;

import io.callguard.core.calls.LiveCall;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.limits.Allocation;
import io.callguard.core.policy.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.callguard.caps.CapsFixture.T0;
import static io.callguard.caps.CapsFixture.TRUNK;
import static org.assertj.core.api.Assertions.assertThat;

class CapReconcilerTest {
    private static final Duration GRACE = CapsSettings.DEFAULT_ORPHAN_GRACE;
    private final CapsFixture f = CapsFixture.standard();
    private final CapReconciler reconciler = new CapReconciler(f.directory, f.allocations, f.clock, GRACE);

    {
        f.tracker.addListener(reconciler);
    }

    private static LiveCall channel(String uniqueId, String linkedId, String channel, Instant started) {
        return new LiveCall(uniqueId, linkedId, channel, "", "", null, "", "", "Up", started, null, null);
    }

    private ReconcileReport reconcileNow() { return reconciler.reconcile(f.tracker.list(), f.clock.instant()); }

    @Test
    void theHangupOfTheCallReleasesItsSlot() {
        String a = f.nextId();
        f.tracker.channelCreated(a, a, "PJSIP/trunk-a-00000001", "", "", "0612345678", "Ring");
        f.outbound(a, "0612345678");
        f.outbound("0612345679");
        assertThat(f.outbound("0612345670")).isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);

        f.tracker.hungUp(a, 16);
        assertThat(f.inUse()).isEqualTo(1);
        f.tracker.hungUp(a, 16);
        f.tracker.hungUp("unknown", 16);
        assertThat(f.inUse()).as("a second or unknown release changes nothing").isEqualTo(1);
        assertThat(f.outbound("0612345670").verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void aHangupKeepsTheCallsPerSecondEntryRunningItsSecond() {
        CapsFixture cps = CapsFixture.withSettings(Map.of("calls-per-second", Map.of("limit", 1)));
        cps.tracker.addListener(new CapReconciler(cps.directory, cps.allocations, cps.clock, GRACE));
        String a = cps.nextId();
        cps.outbound(a, "0612345678");
        cps.tracker.hungUp(a, 16);
        assertThat(cps.inUse()).isZero();
        assertThat(cps.outbound("0612345679")).isEqualTo(CallsPerSecondPolicy.DENY_CPS_EXCEEDED);
    }

    @Test
    void aDecisionNeverFollowedByAChannelIsFreedAfterTheGraceAndKeptBefore() {
        String a = f.nextId();
        // The caller hangs up while the decision is being taken: the Hangup comes before the reservation.
        f.tracker.channelCreated(a, a, "PJSIP/trunk-a-00000001", "", "", "0612345678", "Ring");
        f.tracker.hungUp(a, 16);
        f.outbound(a, "0612345678");
        assertThat(f.tracker.get(a)).isEmpty();
        assertThat(f.inUse()).isEqualTo(1);

        f.clock.advance(GRACE.minusSeconds(1));
        assertThat(reconcileNow()).isEqualTo(ReconcileReport.NOTHING);
        assertThat(f.inUse()).isEqualTo(1);

        f.clock.advance(Duration.ofSeconds(1));
        assertThat(reconcileNow()).isEqualTo(new ReconcileReport(1, 0, 0));
        assertThat(f.inUse()).isZero();
    }

    @Test
    void aReservationWhoseCallIsLiveIsKeptHoweverOld() {
        String a = f.nextId();
        f.tracker.channelCreated(a, a, "PJSIP/trunk-a-00000001", "", "", "0612345678", "Up");
        f.outbound(a, "0612345678");
        f.clock.advance(Duration.ofMinutes(30));
        assertThat(reconcileNow()).isEqualTo(ReconcileReport.NOTHING);
        assertThat(f.inUse()).isEqualTo(1);
    }

    @Test
    void afterARestartLiveCallsAreAdoptedAndTheTrunkIsFullUntilOneHangsUp() {
        f.clock.advance(Duration.ofMinutes(10));
        Instant started = T0.plus(Duration.ofMinutes(5));
        // What CoreShowChannels reports after a callguard restart: two calls on trunk-a, each with its carrier leg.
        f.tracker.replaceAll(List.of(
                channel("1.1", "1.1", "PJSIP/trunk-a-00000001", started),
                channel("1.2", "1.1", "PJSIP/carrier-00000002", started),
                channel("2.1", "2.1", "PJSIP/trunk-a-00000003", started),
                channel("2.2", "2.1", "PJSIP/carrier-00000004", started)));
        assertThat(f.inUse()).as("adopted on resync").isEqualTo(2);
        assertThat(f.allocations.holders(ChannelCapPolicy.resourceOf(TRUNK), f.clock.instant()))
                .allMatch(Allocation::forced).extracting(Allocation::holder).containsExactlyInAnyOrder("1.1", "2.1");

        assertThat(f.outbound("0612345678")).isEqualTo(ChannelCapPolicy.DENY_TRUNK_FULL);
        assertThat(reconcileNow()).as("adopting twice counts nothing twice").isEqualTo(ReconcileReport.NOTHING);

        f.tracker.hungUp("1.1", 16);
        f.tracker.hungUp("1.2", 16);
        assertThat(f.outbound("0612345678").verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void aYoungChannelWithoutADecisionIsAdoptedAtTheResyncAndADeniedOneOnlyAfterTheGrace() {
        String denied = "1770000600.1";
        f.tracker.channelCreated(denied, denied, "PJSIP/trunk-a-00000009", "", "", "0899123456", "Ring", T0);
        assertThat(f.outbound(denied, "0899123456").reason()).isEqualTo("BARRED");
        // after a restart: a 3 s old call nobody decided (callguard was down), and the denied one playing its prompt
        f.tracker.replaceAll(List.of(channel("1.1", "1.1", "PJSIP/trunk-a-00000001", T0.minusSeconds(3)),
                channel(denied, denied, "PJSIP/trunk-a-00000009", T0)));
        assertThat(f.allocations.holders(ChannelCapPolicy.resourceOf(TRUNK), f.clock.instant()))
                .extracting(Allocation::holder).containsExactly("1.1");
        f.clock.advance(GRACE);
        assertThat(reconcileNow()).as("still live after the grace: counted").isEqualTo(new ReconcileReport(0, 1, 0));
        assertThat(f.inUse()).isEqualTo(2);
    }

    @Test
    void aReconciliationOfAnOlderListDoesNotAdoptAChannelDeniedOrHungUpSinceTheListWasTaken() {
        CapReconciler later = new CapReconciler(f.directory, f.allocations, f.clock, GRACE, CapsSync.synced(),
                io.callguard.core.state.StateCalls.defaults(f.clock), f.tracker::get);
        String denied = "1770000700.1";
        String gone = "1770000700.2";
        String waiting = "1770000700.3";
        f.tracker.channelCreated(denied, denied, "PJSIP/trunk-a-00000011", "", "", "0899123456", "Ring", T0);
        f.tracker.channelCreated(gone, gone, "PJSIP/trunk-a-00000012", "", "", "0612345678", "Ring", T0);
        f.tracker.channelCreated(waiting, waiting, "PJSIP/trunk-a-00000013", "", "", "0612345678", "Ring", T0);
        // counted from their Newchannels; then the list a resynchronisation hands over, none of them decided yet (a
        // shared backend reconciles it later, on its own thread)
        List<LiveCall> taken = f.tracker.list();
        assertThat(f.outbound(denied, "0899123456").reason()).isEqualTo("BARRED"); // its slot given back
        f.tracker.hungUp(gone, 16); // and this one's
        assertThat(later.reconcile(taken, f.clock.instant())).as("neither taken again from the older list")
                .isEqualTo(new ReconcileReport(0, 0, 0));
        assertThat(f.allocations.holders(ChannelCapPolicy.resourceOf(TRUNK), f.clock.instant()))
                .extracting(Allocation::holder).containsExactly(waiting);
    }

    @Test
    void anInboundCallIsHeldByItsCarrierLegAndItsTrunkLegIsNotCountedTwice() {
        String u = "1770000500.1";
        f.tracker.channelCreated(u, u, "PJSIP/carrier-00000010", "", "0612345678", CapsFixture.DID, "Ring", T0);
        assertThat(f.inbound(u).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(f.allocations.holders(ChannelCapPolicy.resourceOf(TRUNK), f.clock.instant()))
                .extracting(Allocation::holder).containsExactly(u);
        // The dialplan dials the client's trunk: leg B carries the call's Linkedid.
        f.tracker.channelCreated("1770000500.2", u, "PJSIP/trunk-a-00000011", "", "", "", "Up", T0);
        assertThat(f.inUse()).isEqualTo(1);
        f.clock.advance(Duration.ofMinutes(2));
        assertThat(reconcileNow()).isEqualTo(ReconcileReport.NOTHING);
        assertThat(f.inUse()).isEqualTo(1);

        f.tracker.hungUp("1770000500.2", 16);
        assertThat(f.inUse()).as("the call left the trunk with its leg B").isZero();
        f.tracker.hungUp(u, 16);
        assertThat(f.inUse()).isZero();
    }

    @Test
    void afterARestartAnInboundCallIsAdoptedOnceUnderItsLinkedid() {
        f.clock.advance(Duration.ofMinutes(1));
        f.tracker.replaceAll(List.of(
                channel("3.1", "3.1", "PJSIP/carrier-00000001", T0),
                channel("3.2", "3.1", "PJSIP/trunk-a-00000002", T0)));
        assertThat(f.allocations.holders(ChannelCapPolicy.resourceOf(TRUNK), f.clock.instant()))
                .extracting(Allocation::holder).containsExactly("3.1");
        f.tracker.hungUp("3.1", 16);
        assertThat(f.inUse()).isZero();
    }

    @Test
    void aReservationHeldUnderALegsUniqueidIsNotAdoptedAgainUnderTheLinkedid() {
        // A decision taken on a channel that is not the call's first leg (e.g. after a transfer).
        f.tracker.channelCreated("4.1", "4.1", "PJSIP/carrier-00000001", "", "", "", "Up", T0);
        f.tracker.channelCreated("4.2", "4.1", "PJSIP/trunk-a-00000002", "", "", "0612345678", "Up", T0);
        f.outbound("4.2", "0612345678");
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(reconcileNow()).isEqualTo(ReconcileReport.NOTHING);
        assertThat(f.inUse()).isEqualTo(1);
    }

    @Test
    void anExpiredReservationOfALiveCallIsDroppedAndAdoptedAgain() {
        String a = f.nextId();
        f.tracker.channelCreated(a, a, "PJSIP/trunk-a-00000001", "", "", "112", "Up");
        f.outbound(a, "112");
        f.clock.advance(Duration.ofSeconds(7200 + 300));
        assertThat(reconcileNow()).isEqualTo(new ReconcileReport(0, 1, 1));
        assertThat(f.inUse()).isEqualTo(1);
    }

    @Test
    void aHangupMissedWhileDisconnectedIsReleasedByTheResync() {
        String a = f.nextId();
        f.tracker.channelCreated(a, a, "PJSIP/trunk-a-00000001", "", "", "0612345678", "Up");
        f.outbound(a, "0612345678");
        f.clock.advance(Duration.ofMinutes(3));
        f.tracker.replaceAll(List.of());
        assertThat(f.inUse()).isZero();
    }

    @Test
    void aResyncLooksEachChannelsTrunkUpOnce() {
        // the legs it records and the calls it adopts come from one look-up: a trunk change meanwhile cannot split them
        AtomicInteger lookups = new AtomicInteger();
        Directory counting = new Directory() {
            @Override public Optional<Account> account(String id) { return f.directory.account(id); }

            @Override public Optional<Trunk> trunk(String id) {
                lookups.incrementAndGet();
                return f.directory.trunk(id);
            }

            @Override public Optional<DidNumber> number(String number) { return f.directory.number(number); }

            @Override public Collection<Account> accounts() { return f.directory.accounts(); }

            @Override public Collection<Trunk> trunksOf(String accountId) { return f.directory.trunksOf(accountId); }

            @Override public Collection<DidNumber> numbersOf(String accountId) { return f.directory.numbersOf(accountId); }
        };
        CapReconciler once = new CapReconciler(counting, f.allocations, f.clock, GRACE);
        once.onResync(List.of(channel("5.1", "5.1", "PJSIP/trunk-a-00000001", T0),
                channel("6.1", "6.1", "PJSIP/carrier-00000002", T0)));
        assertThat(lookups).hasValue(2);
        assertThat(f.inUse()).as("the call on trunk-a adopted").isEqualTo(1);
        assertThat(once.trackedCalls()).isEqualTo(1);
    }
}
