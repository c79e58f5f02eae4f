package io.callguard.records.build;

import io.callguard.core.calls.LiveCall;
import io.callguard.core.control.CallEvent;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.core.records.Gap;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CallRecordBuilderTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final FrenchNumberingPlan plan = FrenchNumberingPlan.withDefaults();
    private final MutableClock clock = new MutableClock(T0);
    private final List<CallRecord> records = new ArrayList<>();
    private final CallRecordBuilder builder = new CallRecordBuilder(clock, plan, "pbx-1", Duration.ofHours(3), false,
            records::add);

    private void created(String uid, String linkedId, String channel, String exten) {
        builder.onCallEvent(new CallEvent.ChannelCreated(uid, linkedId, channel, "", "0140000000", exten, "Ring"));
    }

    private void up(String uid) { builder.onCallEvent(new CallEvent.StateChanged(uid, "Up")); }

    private void hangup(String uid, int cause) {
        builder.onCallEvent(new CallEvent.HungUp(uid, "PJSIP/x", cause, null, null));
    }

    private void decide(String uid, String dialled, Decision d) {
        builder.onDecision(new CallContext(Direction.OUTBOUND, "acme", null, "trunk-a", null, "0140000000",
                plan.classify(dialled), "PJSIP/trunk-a-1", uid, clock.instant()), d);
    }

    private void answeredCall(String a, String b, String dialled) {
        created(a, a, "PJSIP/trunk-a-1", dialled);
        decide(a, dialled, Decision.allow(7200));
        clock.advance(Duration.ofSeconds(1));
        created(b, a, "PJSIP/carrier-2", dialled);
        clock.advance(Duration.ofSeconds(3));
        up(b);
        builder.onCallEvent(new CallEvent.DialEnded(a, b, "ANSWER"));
        up(a);
    }

    @Test
    void legsArePairedByLinkedidNotBySequenceNumberWhenConcurrentCallsInterleave() {
        // callers 1.10 and 1.11, their callees 1.12 (of 1.11) and 1.13 (of 1.10): numbers do not tell the pairs
        created("1.10", "1.10", "PJSIP/trunk-a-1", "0612345678");
        created("1.11", "1.11", "PJSIP/trunk-a-2", "0140000001");
        decide("1.10", "0612345678", Decision.allow(7200));
        decide("1.11", "0140000001", Decision.allow(7200));
        created("1.12", "1.11", "PJSIP/carrier-1", "0140000001");
        created("1.13", "1.10", "PJSIP/carrier-2", "0612345678");
        clock.advance(Duration.ofSeconds(2));
        up("1.13");
        builder.onCallEvent(new CallEvent.DialEnded("1.10", "1.13", "ANSWER"));
        builder.onCallEvent(new CallEvent.DialEnded("1.11", "1.12", "BUSY"));
        hangup("1.12", 17);
        hangup("1.11", 17);
        clock.advance(Duration.ofSeconds(30));
        hangup("1.10", 16);
        assertThat(records).hasSize(1);
        hangup("1.13", 16);

        assertThat(records).hasSize(2);
        CallRecord busy = records.get(0);
        CallRecord answered = records.get(1);
        assertThat(busy.uniqueId()).isEqualTo("1.11");
        assertThat(busy.disposition()).isEqualTo(Disposition.BUSY);
        assertThat(busy.calleeNormalised()).isEqualTo("0140000001");
        assertThat(answered.uniqueId()).isEqualTo("1.10");
        assertThat(answered.disposition()).isEqualTo(Disposition.ANSWERED);
        assertThat(answered.billableSeconds()).isEqualTo(30);
        assertThat(answered.durationSeconds()).isEqualTo(32);
        assertThat(answered.category()).isEqualTo(NumberCategory.MOBILE);
        assertThat(builder.openCalls()).isZero();
    }

    @Test
    void oneRecordPerCallEvenWhenTheCallerLegEndsBeforeTheCallee() {
        answeredCall("2.1", "2.2", "0612345678");
        clock.advance(Duration.ofSeconds(10));
        hangup("2.1", 16);
        assertThat(records).as("the callee leg is still up").isEmpty();
        hangup("2.2", 16);
        hangup("2.2", 16); // a duplicate Hangup: no second record
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.billableSeconds()).isEqualTo(10);
            assertThat(r.answeredAt()).isEqualTo(T0.plusSeconds(4));
            assertThat(r.startedAt()).isEqualTo(T0);
            assertThat(r.endedAt()).isEqualTo(T0.plusSeconds(14));
            assertThat(r.accountId()).isEqualTo("acme");
            assertThat(r.trunkId()).isEqualTo("trunk-a");
            assertThat(r.verdict()).isEqualTo("ALLOW");
            assertThat(r.asteriskNode()).isEqualTo("pbx-1");
            assertThat(r.cause()).isEqualTo(16);
        });
    }

    @Test
    void aDeniedCallIsDeniedWithTheVerdictsReasonAndCause() {
        created("3.1", "3.1", "PJSIP/trunk-a-1", "0899000000");
        decide("3.1", "0899000000", Decision.deny("SURCHARGED_BARRED", 21, null));
        hangup("3.1", 21);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.disposition()).isEqualTo(Disposition.DENIED);
            assertThat(r.verdict()).isEqualTo("DENY");
            assertThat(r.reason()).isEqualTo("SURCHARGED_BARRED");
            assertThat(r.cause()).isEqualTo(21);
            assertThat(r.billableSeconds()).isZero();
            assertThat(r.category()).isEqualTo(NumberCategory.SPECIAL_SURCHARGED);
            assertThat(r.categoryDetail()).isEqualTo("089");
        });
    }

    @Test
    void aDecisionThatRacesAheadOfItsNewchannelStillReachesItsCall() {
        decide("4.1", "0044201234567", Decision.allow(7200));
        assertThat(builder.pendingDecisions()).isOne();
        created("4.1", "4.1", "PJSIP/trunk-a-1", "0044201234567");
        hangup("4.1", 127);
        assertThat(builder.pendingDecisions()).isZero();
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.verdict()).isEqualTo("ALLOW");
            assertThat(r.category()).isEqualTo(NumberCategory.INTERNATIONAL);
            assertThat(r.categoryDetail()).isEqualTo("+44");
            assertThat(r.disposition()).isEqualTo(Disposition.NO_ANSWER);
        });
    }

    @Test
    void anEmergencyCallIsRecordedAsAnyOther() {
        created("5.1", "5.1", "PJSIP/trunk-a-1", "112");
        decide("5.1", "112", Decision.allow("EMERGENCY", null));
        created("5.2", "5.1", "PJSIP/carrier-1", "112");
        up("5.2");
        builder.onCallEvent(new CallEvent.DialEnded("5.1", "5.2", "ANSWER"));
        clock.advance(Duration.ofSeconds(60));
        hangup("5.2", 16);
        hangup("5.1", 16);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.category()).isEqualTo(NumberCategory.EMERGENCY);
            assertThat(r.reason()).isEqualTo("EMERGENCY");
            assertThat(r.billableSeconds()).isEqualTo(60);
        });
    }

    @Test
    void anAnnouncementAnsweredBeforeAnUnansweredDialIsNotBilled() {
        created("6.1", "6.1", "PJSIP/trunk-a-1", "0612345678");
        decide("6.1", "0612345678", Decision.allow(7200));
        up("6.1"); // Answer() + tariff announcement
        clock.advance(Duration.ofSeconds(5));
        created("6.2", "6.1", "PJSIP/carrier-1", "0612345678");
        clock.advance(Duration.ofSeconds(20));
        builder.onCallEvent(new CallEvent.DialEnded("6.1", "6.2", "NOANSWER"));
        hangup("6.2", 0);
        hangup("6.1", 16);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.disposition()).isEqualTo(Disposition.NO_ANSWER);
            assertThat(r.answeredAt()).isNull();
            assertThat(r.billableSeconds()).isZero();
        });
    }

    @Test
    void congestionIsFailedAsAsterisksCdrUnlessCongestionIsAsked() {
        assertThat(CallRecordBuilder.dialDisposition("CONGESTION", false)).isEqualTo(Disposition.FAILED);
        assertThat(CallRecordBuilder.dialDisposition("CONGESTION", true)).isEqualTo(Disposition.CONGESTION);
        assertThat(CallRecordBuilder.dialDisposition("CANCEL", false)).isEqualTo(Disposition.NO_ANSWER);
        assertThat(CallRecordBuilder.dialDisposition("CHANUNAVAIL", false)).isEqualTo(Disposition.FAILED);
        assertThat(CallRecordBuilder.causeDisposition(17, false)).isEqualTo(Disposition.BUSY);
        assertThat(CallRecordBuilder.causeDisposition(3, false)).isEqualTo(Disposition.FAILED);
        assertThat(CallRecordBuilder.causeDisposition(127, false)).isEqualTo(Disposition.NO_ANSWER);
    }

    @Test
    void aCallWhoseHangupIsLostIsForgottenAfterTheBoundWithoutARecord() {
        created("7.1", "7.1", "PJSIP/trunk-a-1", "0612345678");
        clock.advance(Duration.ofHours(3));
        created("7.2", "7.2", "PJSIP/trunk-a-2", "0612345678");
        assertThat(builder.openCalls()).as("exactly at the bound: kept").isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        hangup("7.2", 16);
        assertThat(builder.openCalls()).isZero();
        assertThat(builder.forgotten()).isOne();
        assertThat(records).extracting(CallRecord::uniqueId).containsExactly("7.2");
        hangup("7.1", 16); // too late: nothing
        assertThat(records).hasSize(1);
    }

    @Test
    void aCallAsteriskStillListsAtAResynchronisationIsKeptAnotherFullBound() {
        created("7.5", "7.5", "PJSIP/trunk-a-1", "112");
        clock.advance(Duration.ofHours(2));
        builder.onResync(List.of(new LiveCall("7.5", "7.5", "PJSIP/trunk-a-1", "trunk-a", "", null, "", "112", "Up",
                T0, T0, null)));
        clock.advance(Duration.ofHours(2));
        created("7.6", "7.6", "PJSIP/trunk-a-2", "0612345678");
        assertThat(builder.openCalls()).as("4 h after its start, 2 h after Asterisk listed it").isEqualTo(2);
        hangup("7.5", 16);
        assertThat(records).extracting(CallRecord::uniqueId).containsExactly("7.5");
        assertThat(builder.forgotten()).isZero();
    }

    @Test
    void aCallAdoptedAtResynchronisationStartsWhenAsteriskSaysAndBillsOnlyFromTheResynchronisation() {
        Instant startedByAsterisk = T0.minusSeconds(120);
        Instant answered = startedByAsterisk; // the tracker's guess for a channel first seen Up
        // the callee leg listed first: which leg is the client's does not depend on the order
        builder.onResync(List.of(
                new LiveCall("8.2", "8.1", "PJSIP/carrier-1", "carrier", "", null, "", "0612345678", "Up",
                        startedByAsterisk.plusSeconds(1), answered, null),
                new LiveCall("8.1", "8.1", "PJSIP/trunk-a-1", "trunk-a", "acme", Direction.OUTBOUND, "0140000000",
                        "0612345678", "Up", startedByAsterisk, answered, 7200L)));
        assertThat(builder.openCalls()).isOne();
        clock.advance(Duration.ofSeconds(100));
        hangup("8.1", 16);
        hangup("8.2", 16);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.adopted()).isTrue();
            assertThat(r.startedAt()).isEqualTo(startedByAsterisk);
            assertThat(r.answeredAt()).as("proven Up at the resynchronisation").isEqualTo(T0);
            assertThat(r.billableSeconds()).isEqualTo(100);
            assertThat(r.durationSeconds()).isEqualTo(220);
            assertThat(r.disposition()).isEqualTo(Disposition.ANSWERED);
            assertThat(r.verdict()).isEmpty();
            assertThat(r.accountId()).isEqualTo("acme");
            assertThat(r.direction()).isEqualTo(Direction.OUTBOUND);
            assertThat(r.calleeNormalised()).isEqualTo("0612345678");
        });
    }

    @Test
    void aCallThatEndedWhileAmiWasAwayIsNotRecordedButCounted() {
        answeredCall("9.1", "9.2", "0612345678");
        builder.onResync(List.of());
        assertThat(builder.openCalls()).isZero();
        assertThat(builder.lostAtResync()).isOne();
        hangup("9.1", 16);
        assertThat(records).isEmpty();
    }

    @Test
    void aLossOfTheAmiStreamThenItsResyncGiveExactlyOneGapFromTheLossToTheResync() {
        List<Gap> gaps = new ArrayList<>();
        CallRecordBuilder b = new CallRecordBuilder(clock, plan, "pbx-1", Duration.ofHours(3), false, records::add,
                gaps::add);
        b.onCallEvent(new CallEvent.ChannelCreated("11.1", "11.1", "PJSIP/trunk-a-1", "acme", "0140000000",
                "0612345678", "Up"));
        b.onCallEvent(new CallEvent.ChannelCreated("12.1", "12.1", "PJSIP/trunk-a-2", "acme", "0140000000",
                "0140000001", "Up"));
        Instant lost = T0.plusSeconds(10);
        clock.set(lost.plusSeconds(3)); // the adapter dates the loss, not the builder's clock when it hears it
        b.onCallEvent(new CallEvent.StreamLost(lost, CallEvent.StreamLost.AMI_DOWN));
        // a relogin whose sync failed, lost again: still the first loss
        b.onCallEvent(new CallEvent.StreamLost(T0.plusSeconds(20), CallEvent.StreamLost.ASTERISK_RESTART));
        assertThat(b.lostSince()).isEqualTo(lost);

        Instant resync = T0.plusSeconds(40);
        clock.set(resync);
        // 11.1 ended while AMI was away; 12.1 is still up
        b.onResync(List.of(new LiveCall("12.1", "12.1", "PJSIP/trunk-a-2", "trunk-a", "acme", null, "0140000000",
                "0140000001", "Up", T0, T0, null)));
        assertThat(gaps).as("the gap waits for StreamRestored, which follows the resync").isEmpty();
        b.onCallEvent(new CallEvent.StreamRestored(resync));

        assertThat(gaps).containsExactly(new Gap(lost, resync, "AMI_DOWN"));
        assertThat(b.gaps()).isOne();
        assertThat(b.lostSince()).isNull();
        assertThat(records).as("the call that ended unseen has no record: the gap covers it").isEmpty();
        assertThat(b.lostAtResync()).isOne();

        b.onCallEvent(new CallEvent.StreamRestored(resync.plusSeconds(1)));
        b.onResync(List.of());
        assertThat(gaps).as("a resync without a loss: no gap").hasSize(1);
        assertThat(records).as("12.1, still up at the resync, vanished at this one: no record either").isEmpty();
    }

    @Test
    void aShutdownAnnouncedByAsteriskGivesAnAsteriskRestartGapAndCallsAfterTheResyncAreRecordedAfterIt() {
        List<Object> out = new ArrayList<>();
        CallRecordBuilder b = new CallRecordBuilder(clock, plan, "pbx-1", Duration.ofHours(3), false, out::add,
                out::add);
        b.onCallEvent(new CallEvent.StreamRestored(T0)); // no loss before: nothing
        b.onCallEvent(new CallEvent.StreamLost(T0.plusSeconds(1), CallEvent.StreamLost.ASTERISK_RESTART));
        clock.set(T0.plusSeconds(5));
        b.onResync(List.of());
        b.onCallEvent(new CallEvent.StreamRestored(T0.plusSeconds(5)));
        b.onCallEvent(new CallEvent.ChannelCreated("13.1", "13.1", "PJSIP/trunk-a-1", "acme", "0140000000",
                "0612345678", "Ring"));
        b.onCallEvent(new CallEvent.HungUp("13.1", "PJSIP/trunk-a-1", 16, null, null));

        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isEqualTo(new Gap(T0.plusSeconds(1), T0.plusSeconds(5), "ASTERISK_RESTART"));
        assertThat(out.get(1)).isInstanceOfSatisfying(CallRecord.class, r -> assertThat(r.uniqueId()).isEqualTo("13.1"));
    }

    @Test
    void aGapSinkThatThrowsIsCountedAndTheNextLossStillGivesItsGap() {
        List<Gap> kept = new ArrayList<>();
        CallRecordBuilder b = new CallRecordBuilder(clock, plan, "pbx-1", Duration.ofHours(3), false, records::add,
                g -> {
                    if (g.from().equals(T0)) throw new IllegalStateException("store down");
                    kept.add(g);
                });
        b.onCallEvent(new CallEvent.StreamLost(T0, CallEvent.StreamLost.AMI_DOWN));
        b.onCallEvent(new CallEvent.StreamRestored(T0.plusSeconds(1)));
        b.onCallEvent(new CallEvent.StreamLost(T0.plusSeconds(2), CallEvent.StreamLost.AMI_DOWN));
        b.onCallEvent(new CallEvent.StreamRestored(T0.plusSeconds(3)));
        assertThat(b.sinkFailures()).isOne();
        assertThat(kept).containsExactly(new Gap(T0.plusSeconds(2), T0.plusSeconds(3), "AMI_DOWN"));
    }

    @Test
    void aSinkThatThrowsIsCountedAndTheNextCallsAreStillBuilt() {
        List<CallRecord> kept = new ArrayList<>();
        CallRecordBuilder failing = new CallRecordBuilder(clock, plan, "pbx-1", Duration.ofHours(3), false, r -> {
            if (r.uniqueId().equals("10.1")) throw new IllegalStateException("store down");
            kept.add(r);
        });
        failing.onCallEvent(new CallEvent.ChannelCreated("10.1", "10.1", "PJSIP/a-1", "", "", "0612345678", "Ring"));
        failing.onCallEvent(new CallEvent.HungUp("10.1", "PJSIP/a-1", 16, null, null));
        failing.onCallEvent(new CallEvent.ChannelCreated("10.2", "10.2", "PJSIP/a-2", "", "", "0612345678", "Ring"));
        failing.onCallEvent(new CallEvent.HungUp("10.2", "PJSIP/a-2", 16, null, null));
        assertThat(failing.sinkFailures()).isOne();
        assertThat(kept).extracting(CallRecord::uniqueId).containsExactly("10.2");
    }

    @Test
    void aCallWithoutDecisionTakesItsFieldsFromItsChannel() {
        builder.onCallEvent(new CallEvent.ChannelCreated("11.1", "11.1", "PJSIP/trunk-b-00000001", "beta",
                "0140000000", "0801000000", "Ring"));
        hangup("11.1", 16);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.accountId()).isEqualTo("beta");
            assertThat(r.trunkId()).isEqualTo("trunk-b");
            assertThat(r.caller()).isEqualTo("0140000000");
            assertThat(r.category()).isEqualTo(NumberCategory.SPECIAL_FREE);
            assertThat(r.verdict()).isEmpty();
            assertThat(r.disposition()).isEqualTo(Disposition.NO_ANSWER);
        });
    }

    @Test
    void tenThousandOpenCallsAreEachRecordedOnceWhateverOrderTheyEndIn() {
        // the builder's own Uniqueid table grows, fills with emptied slots and is rebuilt along the way (issue 13)
        int n = 10_000;
        for (int round = 0; round < 2; round++) {
            records.clear();
            for (int i = 0; i < n; i++) {
                String a = round + "." + (2 * i);
                String b = round + "." + (2 * i + 1);
                created(a, a, "PJSIP/trunk-a-" + i, "0612345678");
                decide(a, "0612345678", Decision.allow(7200));
                created(b, a, "PJSIP/carrier-" + i, "0612345678");
                up(b);
                // every third call ends at once: slots are emptied while others are still being added
                if (i % 3 == 0) {
                    hangup(b, 16);
                    hangup(a, 16);
                }
            }
            assertThat(builder.openCalls()).isEqualTo(n - (n + 2) / 3);
            for (int i = n - 1; i >= 0; i--) {
                if (i % 3 == 0) continue;
                // callers first for the even ones, callees first for the odd ones: either leg finds its call
                String a = round + "." + (2 * i);
                String b = round + "." + (2 * i + 1);
                hangup(i % 2 == 0 ? a : b, 16);
                hangup(i % 2 == 0 ? b : a, 16);
            }
            assertThat(builder.openCalls()).isZero();
            assertThat(records).hasSize(n);
            assertThat(records.stream().map(CallRecord::uniqueId).distinct().count()).isEqualTo(n);
            assertThat(records).allSatisfy(r -> {
                assertThat(r.disposition()).isEqualTo(Disposition.ANSWERED);
                assertThat(r.linkedId()).isEqualTo(r.uniqueId());
                assertThat(r.trunkId()).isEqualTo("trunk-a");
            });
        }
    }

    @Test
    void aCallFirstSeenByItsCalleeLegIsFoundByItsLinkedidWhenTheCallerLegShows() {
        created("2.2", "2.1", "PJSIP/carrier-00000002", "0612345678");
        created("2.1", "2.1", "PJSIP/trunk-a-00000001", "0612345678");
        assertThat(builder.openCalls()).isEqualTo(1);
        hangup("2.2", 16);
        assertThat(records).isEmpty();
        hangup("2.1", 16);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).uniqueId()).isEqualTo("2.1");
        assertThat(records.get(0).trunkId()).isEqualTo("trunk-a");
        assertThat(builder.openCalls()).isZero();
        // nothing left under that Linkedid: a new leg of it opens a new call
        created("2.3", "2.1", "PJSIP/carrier-2", "0612345678");
        assertThat(builder.openCalls()).isEqualTo(1);
    }
}
