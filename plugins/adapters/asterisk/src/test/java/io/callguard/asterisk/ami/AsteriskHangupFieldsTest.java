package io.callguard.asterisk.ami;

import io.callguard.testkit.CaptureAssumptions;
import io.callguard.testkit.ami.AmiCapture;
import io.callguard.testkit.ami.AmiFrame;
import io.callguard.core.control.CallEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asterisk 22 adds {@code TechCause} (the SIP code) to the Hangup of every refused call; asterisk-java 3.41 alone
 * logs a WARN "no setter" for each. The client reads it instead: the hang-up is applied and nothing is warned.
 */
class AsteriskHangupFieldsTest extends AmiTestSupport {
    /** The Hangup of a call refused with cause 34, as Asterisk 22.10.1 sent it (agi-deny-causes/ami.txt). */
    private static final String REFUSED_CALL_HANGUP = """
            Event: Hangup
            Privilege: call,all
            Channel: PJSIP/sipp-uac-00000022
            ChannelState: 4
            ChannelStateDesc: Ring
            CallerIDNum: sipp
            CallerIDName: sipp
            ConnectedLineNum: <unknown>
            ConnectedLineName: <unknown>
            Language: en
            AccountCode:\s
            Context: from-sipp
            Exten: h
            Priority: 2
            Uniqueid: 1795713809.34
            Linkedid: 1795713809.34
            Cause: 34
            Cause-txt: Circuit/channel congestion
            TechCause: 503
            """;

    private final List<CallEvent.HungUp> forwarded = new CopyOnWriteArrayList<>();

    private List<String> asteriskJavaWarnings() {
        return messages().stream().filter(m -> m.startsWith("WARN org.asteriskjava")).toList();
    }

    @Test
    void hangupWithTechCauseIsAppliedWithoutAnyAsteriskJavaWarning() throws Exception {
        startClient(options(SECRET));
        client.addEventListener(e -> { if (e instanceof CallEvent.HungUp h) forwarded.add(h); });
        until("connected", () -> client.connected()
                && !server.actionsReceived("CoreShowChannels").isEmpty());
        await(server.addChannel("1795713809.34", "1795713809.34", "PJSIP/sipp-uac-00000022", "", "sipp",
                "3000000034", "Ring"));
        until("tracked", () -> tracker.size() == 1);

        await(server.emit(REFUSED_CALL_HANGUP));
        until("hang-up applied", () -> tracker.size() == 0 && !forwarded.isEmpty());

        assertThat(asteriskJavaWarnings()).as("asterisk-java warnings").isEmpty();
        CallEvent.HungUp hangup = forwarded.get(0);
        assertThat(hangup.uniqueId()).isEqualTo("1795713809.34");
        assertThat(hangup.cause()).isEqualTo(34);
        assertThat(hangup.causeText()).isEqualTo("Circuit/channel congestion");
        assertThat(hangup.techCause()).as("the TechCause line is read").isEqualTo(503);
    }

    @Test
    void replayedRefusedCallsOfTheRealCaptureLogNoAsteriskJavaWarning() throws Exception {
        List<AmiFrame> events = AmiCapture.read(CaptureAssumptions.requireScenarioFile("agi-deny-causes", "ami.txt"))
                .replayableEvents();
        long hangups = events.stream().filter(f -> "Hangup".equals(f.event()) && f.has("TechCause")).count();
        assertThat(hangups).as("Hangups with TechCause in the capture").isPositive();
        startClient(options(SECRET));
        client.addEventListener(e -> { if (e instanceof CallEvent.HungUp h) forwarded.add(h); });
        until("connected", () -> client.connected()
                && !server.actionsReceived("CoreShowChannels").isEmpty());

        await(server.replay(events));
        until("every Hangup forwarded", () -> forwarded.size() == events.stream()
                .filter(f -> "Hangup".equals(f.event())).count());

        assertThat(asteriskJavaWarnings()).as("asterisk-java warnings").isEmpty();
        assertThat(forwarded).filteredOn(h -> h.techCause() != null).hasSize((int) hangups);
    }
}
