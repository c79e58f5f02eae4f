package io.callguard.asterisk.ami;

import io.callguard.core.calls.LiveCall;
import io.callguard.testkit.CaptureAssumptions;
import io.callguard.testkit.ami.AmiCapture;
import io.callguard.testkit.ami.AmiFrame;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Replays real Asterisk 22 captures (skipped when the shared captures are not on this machine, failed under CI=true). */
class AmiCaptureReplayTest extends AmiTestSupport {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"outbound-answered", "concurrent-calls"})
    void replayedCaptureHoldsTheLegsWithTheirLinkedidThenEndsEmpty(String scenario) throws Exception {
        List<AmiFrame> events = AmiCapture.read(CaptureAssumptions.requireScenarioFile(scenario, "ami.txt"))
                .replayableEvents();
        int firstHangup = 0;
        while (firstHangup < events.size() && !"Hangup".equals(events.get(firstHangup).event())) firstHangup++;
        Map<String, String> linkedIdByLeg = new LinkedHashMap<>();
        for (AmiFrame f : events.subList(0, firstHangup)) {
            if ("Newchannel".equals(f.event())) linkedIdByLeg.put(f.get("Uniqueid"), f.get("Linkedid"));
        }
        assertThat(linkedIdByLeg).as("the capture creates legs before its first Hangup").isNotEmpty();

        startClient(options(SECRET));
        until("connected and synchronised", () -> client.connected()
                && !server.actionsReceived("CoreShowChannels").isEmpty());

        await(server.replay(events.subList(0, firstHangup)));
        // The replay completes when the frames are written; the client applies them a little later, and the
        // last Newstate(Up) comes after the last Newchannel: wait for the final state, not just the count.
        until("every leg tracked and answered", () -> tracker.size() == linkedIdByLeg.size()
                && tracker.list().stream().allMatch(c -> "Up".equals(c.state())));
        for (Map.Entry<String, String> leg : linkedIdByLeg.entrySet()) {
            LiveCall call = tracker.get(leg.getKey()).orElseThrow();
            assertThat(call.linkedId()).as("Linkedid of %s", leg.getKey()).isEqualTo(leg.getValue());
            assertThat(call.state()).as("state of %s", leg.getKey()).isEqualTo("Up");
            assertThat(call.answeredAt()).isNotNull();
        }

        await(server.replay(events.subList(firstHangup, events.size())));
        until("every leg released", () -> tracker.size() == 0);
    }
}
