package io.callguard.bench;

import io.callguard.testkit.CaptureAssumptions;
import io.callguard.testkit.ami.AmiCapture;
import io.callguard.testkit.ami.AmiFrame;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The frames of a real answered call, filtered as the shipped manager.conf does and rewritten per call. */
class AsteriskCallFramesTest {
    private final AsteriskCallFrames frames = AsteriskCallFrames.fromCapture(
            AmiCapture.read(CaptureAssumptions.requireScenarioFile("outbound-answered", "ami.txt")), "outbound-answered");
    private final BenchCall call = new BenchCall.Factory("outbound", 8, 4).next();

    @Test
    void anAnsweredCallIsTheEightFilteredFramesInAsterisksPhases() {
        // the shipped filter passes a Newstate only when a channel goes Up: the callee's Ringing is not sent
        assertThat(frames.framesPerAnsweredCall()).isEqualTo(8);
        assertThat(events(AsteriskCallFrames.Phase.BEFORE_AGI)).containsExactly("Newchannel");
        assertThat(events(AsteriskCallFrames.Phase.DIAL)).containsExactly("Newchannel", "DialBegin");
        assertThat(events(AsteriskCallFrames.Phase.ANSWER)).containsExactly("Newstate", "DialEnd", "Newstate");
        assertThat(events(AsteriskCallFrames.Phase.HANG_UP)).containsExactly("Hangup", "Hangup");
    }

    @Test
    void everyFrameCarriesTheCallsOwnIdentitiesAndNoneOfTheCaptures() {
        List<AmiFrame> all = new ArrayList<>();
        for (AsteriskCallFrames.Phase p : AsteriskCallFrames.Phase.values()) all.addAll(parsed(p));
        for (AmiFrame f : all) {
            assertThat(f.toString()).doesNotContain("1795713716", "sipp", "2000000001");
            assertThat(f.get("Linkedid")).isEqualTo(call.uniqueId());
            assertThat(f.get("AccountCode")).isEqualTo(call.account());
            assertThat(f.get("Uniqueid")).isIn(call.uniqueId(), call.calleeUniqueId());
        }
        AmiFrame callerNew = parsed(AsteriskCallFrames.Phase.BEFORE_AGI).get(0);
        assertThat(callerNew.get("Channel")).isEqualTo(call.channel());
        assertThat(callerNew.get("Exten")).isEqualTo(call.callee());
        assertThat(callerNew.get("CallerIDNum")).isEqualTo(call.caller());
        AmiFrame dialBegin = parsed(AsteriskCallFrames.Phase.DIAL).get(1);
        assertThat(dialBegin.get("DestUniqueid")).isEqualTo(call.calleeUniqueId());
        assertThat(dialBegin.get("DestChannel")).isEqualTo(call.calleeChannel());
        assertThat(dialBegin.get("DestLinkedid")).isEqualTo(call.uniqueId());
        assertThat(parsed(AsteriskCallFrames.Phase.HANG_UP)).allSatisfy(h -> assertThat(h.get("Cause")).isEqualTo("16"));
    }

    @Test
    void aDeniedCallHangsUpRingingWithTheVerdictsCause() {
        AmiFrame hangup = AmiFrame.parse(frames.deniedHangup(call, 34).toString());
        assertThat(hangup.event()).isEqualTo("Hangup");
        assertThat(hangup.get("Uniqueid")).isEqualTo(call.uniqueId());
        assertThat(hangup.get("ChannelStateDesc")).isEqualTo("Ring");
        assertThat(hangup.get("Cause")).isEqualTo("34");
        assertThat(frames.deniedHangup(call, 34).toString()).endsWith("\r\n\r\n");
    }

    private List<String> events(AsteriskCallFrames.Phase phase) {
        return parsed(phase).stream().map(AmiFrame::event).toList();
    }

    private List<AmiFrame> parsed(AsteriskCallFrames.Phase phase) {
        List<AmiFrame> out = new ArrayList<>();
        for (Buffer b : frames.render(phase, call)) {
            assertThat(b.toString()).endsWith("\r\n\r\n");
            out.add(AmiFrame.parse(b.toString()));
        }
        return out;
    }
}
