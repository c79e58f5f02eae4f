package io.callguard.core.calls;

import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The keys of calls of several Asterisk servers, and a resynchronisation scoped to one server's keys. */
class CallKeysTest {
    private static final Instant T0 = Instant.parse("2026-11-26T17:25:36Z");

    @Test
    void aKeyCarriesItsServerAndAsterisksOwnIdAndOneServerKeepsPlainIds() {
        assertThat(CallKeys.qualify("pbx-a", "1736150400.7")).isEqualTo("pbx-a/1736150400.7");
        assertThat(CallKeys.qualify(null, "1736150400.7")).isEqualTo("1736150400.7");
        assertThat(CallKeys.qualify("pbx-a", "")).isEmpty();
        assertThat(CallKeys.qualify("pbx-a", null)).isNull();
        // a systemname in asterisk.conf already prefixes Asterisk's ids with "<systemname>-": kept as is
        assertThat(CallKeys.qualify("pbx-a", "paris1-1736150400.7")).isEqualTo("pbx-a/paris1-1736150400.7");
        assertThat(CallKeys.serverOf("pbx-a/1736150400.7")).isEqualTo("pbx-a");
        assertThat(CallKeys.serverOf("1736150400.7")).isNull();
        assertThat(CallKeys.localId("pbx-a/1736150400.7")).isEqualTo("1736150400.7");
        assertThat(CallKeys.localId("1736150400.7")).isEqualTo("1736150400.7");
        assertThat(CallKeys.ofServer("pbx-a/1.2", "pbx-a")).isTrue();
        assertThat(CallKeys.ofServer("pbx-ab/1.2", "pbx-a")).isFalse();
        assertThat(CallKeys.ofServer("pbx-b/1.2", "pbx-a")).isFalse();
        assertThat(CallKeys.ofServer("1.2", null)).isTrue();
        assertThat(CallKeys.ofServer("pbx-a/1.2", null)).isFalse();
    }

    @Test
    void serverNamesAreSafeAsAKeyPrefix() {
        assertThat(List.of("pbx-a", "PBX_2", "paris.1", "a")).allMatch(CallKeys::validName);
        assertThat(List.of("", "-a", "a/b", "a b", "é", "x".repeat(33))).noneMatch(CallKeys::validName);
        assertThat(CallKeys.validName(null)).isFalse();
    }

    @Test
    void aResyncScopedToOneServerLeavesTheOtherServersCallsAlone() {
        CallTracker tracker = new CallTracker(new MutableClock(T0));
        List<String> hangups = new ArrayList<>();
        List<Integer> resyncSizes = new ArrayList<>();
        tracker.addListener(new CallTrackerListener() {
            @Override public void onHangup(LiveCall call, Integer cause) { hangups.add(call.uniqueId()); }

            @Override public void onResync(List<LiveCall> live) { resyncSizes.add(live.size()); }
        });
        tracker.channelCreated("pbx-a/1.7", "pbx-a/1.7", "PJSIP/trunk-a-00000007", "acme", "", "0612345678", "Up", T0);
        tracker.channelCreated("pbx-a/1.8", "pbx-a/1.8", "PJSIP/trunk-a-00000008", "acme", "", "0612345678", "Up", T0);
        tracker.channelCreated("pbx-b/1.7", "pbx-b/1.7", "PJSIP/trunk-a-00000007", "acme", "", "0612345678", "Up", T0);

        // pbx-a lists only its 1.8: its 1.7 vanished, pbx-b's 1.7 (same Uniqueid, same channel name) stays
        LiveCall stillOnA = new LiveCall("pbx-a/1.8", "pbx-a/1.8", "PJSIP/trunk-a-00000008", "trunk-a", "acme", null,
                "", "0612345678", "Up", T0, T0, null);
        tracker.replaceAll(List.of(stillOnA), tracker.mark(), id -> CallKeys.ofServer(id, "pbx-a"));

        assertThat(hangups).containsExactly("pbx-a/1.7");
        assertThat(tracker.list()).extracting(LiveCall::uniqueId).containsExactlyInAnyOrder("pbx-a/1.8", "pbx-b/1.7");
        assertThat(resyncSizes).as("listeners hear the whole table").containsExactly(2);
    }
}
