package io.callguard.core.calls;

import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CallTrackerTest {
    private static final Instant T0 = Instant.parse("2026-11-26T17:25:36Z");
    private final MutableClock clock = new MutableClock(T0);
    private final CallTracker tracker = new CallTracker(clock);
    private final List<String> hangups = Collections.synchronizedList(new ArrayList<>());

    {
        tracker.addListener(new CallTrackerListener() {
            @Override public void onHangup(LiveCall call, Integer cause) { hangups.add(call.uniqueId() + "/" + cause); }
        });
    }

    private static CallContext decision(String uniqueId, Instant at) {
        return new CallContext(Direction.OUTBOUND, "acme", null, "trunk-a", null, "0140000000",
                new ClassifiedNumber("0612345678", "0612345678", NumberCategory.MOBILE, null),
                "PJSIP/trunk-a-00000045", uniqueId, at);
    }

    @Test
    void newChannelIsListedWithEndpointParsedFromTheChannelName() {
        tracker.channelCreated("1.69", "1.69", "PJSIP/trunk-a-00000045", "acme", "0140000000", "0612345678", "Ring");

        LiveCall call = tracker.get("1.69").orElseThrow();
        assertThat(call.endpoint()).isEqualTo("trunk-a");
        assertThat(call.accountId()).isEqualTo("acme");
        assertThat(call.callee()).isEqualTo("0612345678");
        assertThat(call.startedAt()).isEqualTo(T0);
        assertThat(call.answeredAt()).isNull();
        assertThat(tracker.size()).isEqualTo(1);
    }

    @Test
    void listenersHearEachNewchannelAndWhetherADecisionOnThatChannelCameFirst() {
        List<String> created = new ArrayList<>();
        tracker.addListener(new CallTrackerListener() {
            @Override public void onChannelCreated(LiveCall call, boolean decidedFirst) {
                created.add(call.uniqueId() + "/" + call.linkedId() + "/" + decidedFirst);
            }
        });
        tracker.channelCreated("1.69", "1.69", "PJSIP/trunk-a-00000045", "", "", "0612345678", "Ring");
        tracker.onDecision(decision("1.70", T0), Decision.allow(7200));
        tracker.channelCreated("1.70", "1.70", "PJSIP/trunk-a-00000046", "", "", "0612345678", "Ring");
        tracker.channelCreated("1.71", "1.70", "PJSIP/carrier-00000047", "", "", "0612345678", "Ring");
        assertThat(created).containsExactly("1.69/1.69/false", "1.70/1.70/true", "1.71/1.70/false");
        assertThat(tracker.get("1.70").orElseThrow().direction()).as("the decision's enrichment is kept")
                .isEqualTo(Direction.OUTBOUND);
    }

    @Test
    void firstUpSetsAnsweredAtOnce() {
        tracker.channelCreated("1.69", "1.69", "PJSIP/trunk-a-00000045", "", "sipp", "5000000001", "Ring");
        clock.advance(Duration.ofSeconds(3));
        tracker.stateChanged("1.69", "Up");
        clock.advance(Duration.ofSeconds(3));
        tracker.stateChanged("1.69", "Up");

        assertThat(tracker.get("1.69").orElseThrow().answeredAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(tracker.get("1.69").orElseThrow().state()).isEqualTo("Up");
    }

    @Test
    void stateChangeOfUnknownChannelChangesNothing() {
        tracker.stateChanged("nope", "Up");
        assertThat(tracker.size()).isZero();
    }

    @Test
    void hangupRemovesAndNotifiesOnceAndIsIdempotent() {
        tracker.channelCreated("1.69", "1.69", "PJSIP/a-00000045", "", "", "", "Up");
        assertThat(tracker.hungUp("1.69", 16)).isPresent();
        assertThat(tracker.hungUp("1.69", 16)).isEmpty();
        assertThat(tracker.hungUp("unknown", 16)).isEmpty();

        assertThat(tracker.size()).isZero();
        assertThat(hangups).containsExactly("1.69/16");
    }

    @Test
    void listIsOldestFirst() {
        tracker.channelCreated("1.70", "1.69", "PJSIP/b-00000046", "", "", "", "Ring", T0.plusSeconds(1));
        tracker.channelCreated("1.69", "1.69", "PJSIP/a-00000045", "", "", "", "Ring", T0);
        tracker.channelCreated("1.71", "1.71", "PJSIP/c-00000047", "", "", "", "Ring", T0.plusSeconds(1));

        assertThat(tracker.list()).extracting(LiveCall::uniqueId).containsExactly("1.69", "1.70", "1.71");
    }

    @Test
    void decisionEnrichesAnExistingChannel() {
        tracker.channelCreated("1.69", "1.69", "PJSIP/trunk-a-00000045", "", "0140000000", "0612345678", "Ring");
        tracker.onDecision(decision("1.69", T0.plusMillis(5)), Decision.allow(7200));

        LiveCall call = tracker.get("1.69").orElseThrow();
        assertThat(call.accountId()).isEqualTo("acme");
        assertThat(call.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(call.endpoint()).isEqualTo("trunk-a");
        assertThat(call.startedAt()).isEqualTo(T0);
    }

    @Test
    void decisionBeforeAmiCreatesTheEntryAndAmiKeepsTheEnrichment() {
        tracker.onDecision(decision("1.69", T0.plusMillis(5)), Decision.allow(7200));
        tracker.channelCreated("1.69", "1.69", "PJSIP/trunk-a-00000045", "", "0140000000", "0612345678", "Ring", T0);

        LiveCall call = tracker.get("1.69").orElseThrow();
        assertThat(call.accountId()).isEqualTo("acme");
        assertThat(call.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(call.linkedId()).isEqualTo("1.69");
        assertThat(call.state()).isEqualTo("Ring");
        assertThat(call.startedAt()).isEqualTo(T0);
    }

    @Test
    void lateDecisionDoesNotResurrectAHungUpChannel() {
        tracker.channelCreated("1.69", "1.69", "PJSIP/trunk-a-00000045", "", "", "", "Ring");
        tracker.hungUp("1.69", 0);
        tracker.onDecision(decision("1.69", T0), Decision.deny("BARRED", 21, null));

        assertThat(tracker.size()).isZero();
    }

    @Test
    void replaceAllMakesTheTableExactlyTheSnapshotAndKeepsEnrichment() {
        tracker.channelCreated("1.69", "1.69", "PJSIP/trunk-a-00000045", "", "", "0612345678", "Ring", T0);
        tracker.onDecision(decision("1.69", T0), Decision.allow(7200));
        tracker.channelCreated("1.70", "1.69", "PJSIP/carrier-00000046", "", "", "", "Ring", T0);
        clock.advance(Duration.ofSeconds(10));

        LiveCall snapshotA = new LiveCall("1.69", "1.69", "PJSIP/trunk-a-00000045", "trunk-a", "", null, "", "",
                "Up", T0.plusSeconds(1), null, null);
        LiveCall snapshotC = new LiveCall("2.1", "2.1", "PJSIP/trunk-b-00000000", "trunk-b", "beta", null, "", "",
                "Up", T0.plusSeconds(4), null, null);
        tracker.replaceAll(List.of(snapshotA, snapshotC));

        assertThat(tracker.list()).extracting(LiveCall::uniqueId).containsExactly("1.69", "2.1");
        LiveCall a = tracker.get("1.69").orElseThrow();
        assertThat(a.accountId()).isEqualTo("acme");
        assertThat(a.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(a.startedAt()).isEqualTo(T0);
        assertThat(a.state()).isEqualTo("Up");
        assertThat(a.answeredAt()).isEqualTo(clock.instant());
        assertThat(tracker.get("2.1").orElseThrow().answeredAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(hangups).containsExactly("1.70/null");
    }

    @Test
    void decisionRecordsItsMaximumDurationAndAmiEventsKeepIt() {
        tracker.channelCreated("1.69", "1.69", "PJSIP/trunk-a-00000045", "", "", "0612345678", "Ring", T0);
        assertThat(tracker.get("1.69").orElseThrow().maxSeconds()).isNull();
        tracker.onDecision(decision("1.69", T0), Decision.allow(3600));
        tracker.stateChanged("1.69", "Up");
        tracker.channelCreated("1.69", "1.69", "PJSIP/trunk-a-00000045", "", "", "0612345678", "Up", T0);
        tracker.replaceAll(List.of(new LiveCall("1.69", "1.69", "PJSIP/trunk-a-00000045", "trunk-a", "", null, "", "",
                "Up", T0, null, null)));
        assertThat(tracker.get("1.69").orElseThrow().maxSeconds()).isEqualTo(3600L);

        tracker.onDecision(decision("1.80", T0), Decision.allow("EMERGENCY", null));
        assertThat(tracker.get("1.80").orElseThrow().maxSeconds()).isNull();
    }

    @Test
    void replaceAllTellsListenersTheNewTableAfterTheHangupsOfVanishedChannels() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        tracker.addListener(new CallTrackerListener() {
            @Override public void onHangup(LiveCall call, Integer cause) { events.add("hangup " + call.uniqueId()); }
            @Override public void onResync(List<LiveCall> live) {
                events.add("resync " + live.stream().map(LiveCall::uniqueId).toList());
            }
        });
        tracker.channelCreated("1.69", "1.69", "PJSIP/a-00000045", "", "", "", "Up", T0);
        tracker.replaceAll(List.of(new LiveCall("2.1", "2.1", "PJSIP/b-00000000", "b", "", null, "", "", "Up",
                T0.plusSeconds(1), null, null)));
        assertThat(events).containsExactly("hangup 1.69", "resync [2.1]");
    }

    @Test
    void replaceAllWithNothingEmptiesTheTable() {
        tracker.channelCreated("1.69", "1.69", "PJSIP/a-00000045", "", "", "", "Up");
        tracker.replaceAll(List.of());
        assertThat(tracker.size()).isZero();
        assertThat(hangups).containsExactly("1.69/null");
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            pool.execute(() -> {
                for (int i = 0; i < 1000; i++) {
                    String id = thread + "." + i;
                    tracker.channelCreated(id, id, "PJSIP/x-00000001", "", "", "", "Ring");
                    tracker.stateChanged(id, "Up");
                    if (i % 2 == 0) tracker.hungUp(id, 16);
                }
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        assertThat(tracker.size()).isEqualTo(2000);
        assertThat(hangups).hasSize(2000);
    }

    @Test
    void aSnapshotRequestedBeforeAChannelAppearedDoesNotRemoveIt() {
        tracker.channelCreated("1.1", "1.1", "PJSIP/trunk-a-00000001", "acme", "0140000000", "0611111111", "Up");
        tracker.channelCreated("1.2", "1.2", "PJSIP/trunk-a-00000002", "acme", "0140000000", "0622222222", "Up");
        long requested = tracker.mark();
        // After the request went out: a new channel, and a decision for a channel AMI has not reported yet.
        tracker.channelCreated("1.3", "1.3", "PJSIP/trunk-a-00000003", "acme", "0140000000", "0633333333", "Ring");
        tracker.onDecision(decision("1.4", T0), Decision.allow(7200));

        // The list Asterisk built at the request: 1.1 only (1.2 hung up while its Hangup was lost).
        LiveCall one = tracker.get("1.1").orElseThrow();
        tracker.replaceAll(List.of(one), requested);

        assertThat(tracker.list()).extracting(LiveCall::uniqueId).containsExactly("1.1", "1.3", "1.4");
        assertThat(hangups).containsExactly("1.2/null");
    }

    @Test
    void decidedCallsAmiNeverReportedAreForgottenPastTheirMaximumPlusMargin() {
        tracker.onDecision(decision("9.1", T0), Decision.allow(60));       // never reported by AMI
        tracker.onDecision(decision("9.2", T0), Decision.allow("EMERGENCY", null));
        tracker.channelCreated("9.3", "9.3", "PJSIP/trunk-a-00000003", "acme", "0140000000", "0633333333", "Up");

        assertThat(tracker.forgetUnreported(T0.plusSeconds(60 + 300), 7200, Duration.ofSeconds(300))).isZero();
        assertThat(tracker.forgetUnreported(T0.plusSeconds(60 + 301), 7200, Duration.ofSeconds(300))).isEqualTo(1);
        assertThat(tracker.list()).extracting(LiveCall::uniqueId).containsExactly("9.2", "9.3");
        assertThat(hangups).containsExactly("9.1/null");

        assertThat(tracker.forgetUnreported(T0.plusSeconds(7200 + 301), 7200, Duration.ofSeconds(300)))
                .as("no maximum: the default one, and a channel AMI reported is never forgotten").isEqualTo(1);
        assertThat(tracker.list()).extracting(LiveCall::uniqueId).containsExactly("9.3");
        tracker.onDecision(decision("9.1", T0), Decision.allow(60));
        assertThat(tracker.get("9.1")).as("a forgotten call is not brought back by a late decision").isEmpty();
    }

    // Issue 13 (memory per live call): the Strings a live call keeps are shared wherever they can be.

    @Test
    void aSecondLegsLinkedIdIsTheFirstLegsUniqueIdInstance() {
        String first = new String("1.70");
        tracker.channelCreated(first, new String("1.70"), "PJSIP/trunk-a-00000046", "acme", "0140000000",
                "0612345678", "Ring", T0);
        tracker.channelCreated("1.71", new String("1.70"), "PJSIP/carrier-00000047", "acme", "", "s", "Down", T0);

        assertThat(tracker.get("1.70").orElseThrow().linkedId()).as("a first leg's Linkedid").isSameAs(first);
        assertThat(tracker.get("1.71").orElseThrow().linkedId()).as("the second leg's").isSameAs(first);
    }

    @Test
    void laterEventsAndTheDecisionKeepTheUniqueIdStringOfTheFirstReport() {
        String first = new String("1.72");
        tracker.channelCreated(first, first, "PJSIP/trunk-a-00000048", "acme", "0140000000", "0612345678", "Ring", T0);
        tracker.onDecision(decision(new String("1.72"), T0), Decision.allow(3600));
        tracker.stateChanged(new String("1.72"), new String("Up"), T0.plusSeconds(3));

        LiveCall call = tracker.get("1.72").orElseThrow();
        assertThat(call.uniqueId()).isSameAs(first);
        assertThat(call.linkedId()).isSameAs(first);
        assertThat(call.state()).isSameAs("Up");
        assertThat(call.answeredAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void aDecisionBeforeTheNewchannelKeepsTheDecisionsUniqueIdStringForBothIds() {
        String decided = new String("1.73");
        tracker.onDecision(decision(decided, T0), Decision.allow(3600));
        tracker.channelCreated(new String("1.73"), new String("1.73"), "PJSIP/trunk-a-00000049", "acme",
                "0140000000", "0612345678", "Ring", T0);

        LiveCall call = tracker.get("1.73").orElseThrow();
        assertThat(call.uniqueId()).isSameAs(decided);
        assertThat(call.linkedId()).isSameAs(decided);
    }

    @Test
    void endpointsAccountsStatesAndShortNumbersAreOneInstanceAcrossCalls() {
        tracker.channelCreated("2.1", "2.1", "PJSIP/carrier-00000001", new String("acme"), "", new String("s"),
                new String("Ringing"), T0);
        tracker.channelCreated("2.2", "2.2", "PJSIP/carrier-00000002", new String("acme"), "", new String("s"),
                new String("Ringing"), T0);
        tracker.onDecision(decision("2.3", T0), Decision.allow(3600));
        tracker.onDecision(decision("2.4", T0), Decision.allow(3600));

        LiveCall a = tracker.get("2.1").orElseThrow();
        LiveCall b = tracker.get("2.2").orElseThrow();
        assertThat(b.endpoint()).isEqualTo("carrier").isSameAs(a.endpoint());
        assertThat(b.accountId()).isSameAs(a.accountId());
        assertThat(b.callee()).isEqualTo("s").isSameAs(a.callee());
        assertThat(a.state()).isSameAs(b.state()).isSameAs("Ringing");
        LiveCall c = tracker.get("2.3").orElseThrow();
        LiveCall d = tracker.get("2.4").orElseThrow();
        assertThat(d.endpoint()).isEqualTo("trunk-a").isSameAs(c.endpoint());
        assertThat(d.accountId()).isSameAs(c.accountId()).isSameAs(a.accountId());
        assertThat(d.maxSeconds()).isEqualTo(3600L).isSameAs(c.maxSeconds());
        assertThat(d.callee()).as("a full number is the call's own").isEqualTo("0612345678");
    }
}
