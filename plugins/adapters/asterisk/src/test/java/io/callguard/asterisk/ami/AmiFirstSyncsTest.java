package io.callguard.asterisk.ami;

import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first onResync waits for every server's first resynchronisation (the call caps adopt the calls up on all of
 * them at once); later ones, and a server's second one, are heard at once.
 */
class AmiFirstSyncsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T21:00:00Z");

    private static LiveCall up(String key) {
        return new LiveCall(key, key, "PJSIP/trunk-a-00000001", "trunk-a", "acme", null, "", "0612345678", "Up", T0,
                T0, null);
    }

    @Test
    void theFirstResyncIsHeardOnceEveryServerWasResynchronised() {
        CallTracker tracker = new CallTracker(new MutableClock(T0));
        List<List<String>> heard = new ArrayList<>();
        tracker.addListener(new CallTrackerListener() {
            @Override public void onResync(List<LiveCall> live) { heard.add(live.stream().map(LiveCall::uniqueId).toList()); }
        });
        AmiFirstSyncs syncs = new AmiFirstSyncs(List.of("pbx-a", "pbx-b"));
        AmiEventTranslator a = new AmiEventTranslator(tracker, "pbx-a", syncs);
        AmiEventTranslator b = new AmiEventTranslator(tracker, "pbx-b", syncs);

        a.snapshotRequested("s1");
        a.applySnapshot("s1", List.of(up("pbx-a/1.1")), 1);
        assertThat(heard).as("pbx-b not yet seen: no onResync").isEmpty();
        assertThat(tracker.get("pbx-a/1.1")).as("the list is applied all the same").isPresent();

        b.snapshotRequested("s2");
        b.applySnapshot("s2", List.of(up("pbx-b/1.1")), 1);
        assertThat(heard).containsExactly(List.of("pbx-a/1.1", "pbx-b/1.1"));

        a.snapshotRequested("s3");
        a.applySnapshot("s3", List.of(), 0);
        assertThat(heard).hasSize(2);
        assertThat(heard.get(1)).as("pbx-a's empty list keeps pbx-b's call").containsExactly("pbx-b/1.1");
    }

    @Test
    void aServerDownAtStartDelaysTheFirstOnResyncOnlyToAnotherServersNextResync() {
        AmiFirstSyncs syncs = new AmiFirstSyncs(List.of("pbx-a", "pbx-b"));
        assertThat(syncs.synced("pbx-a")).isFalse();
        assertThat(syncs.synced("pbx-a")).as("its second one: heard").isTrue();
        assertThat(syncs.synced("pbx-b")).isTrue();
    }
}
