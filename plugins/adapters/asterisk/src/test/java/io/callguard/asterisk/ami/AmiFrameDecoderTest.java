package io.callguard.asterisk.ami;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The decoder reads the events callguard uses into records, as asterisk-java read them, and drops the others. */
class AmiFrameDecoderTest {
    private static AmiFrameDecoder.Decoded decode(String frame) { return AmiFrameDecoder.decode(Buffer.buffer(frame)); }

    @Test
    void anEventNobodyReadsIsSkippedOnItsEventLine() {
        assertThat(decode("Event: VarSet\r\nPrivilege: dialplan,all\r\nUniqueid: 1.1\r\nVariable: X\r\nValue: 1"))
                .isSameAs(AmiFrameDecoder.SKIPPED);
        assertThat(decode("Event: NewchannelX\r\nUniqueid: 1.1")).isSameAs(AmiFrameDecoder.SKIPPED);
        assertThat(decode("\r\n")).isSameAs(AmiFrameDecoder.SKIPPED);
    }

    @Test
    void aNewchannelKeepsItsFieldsAndAsterisksNullLiteralsBecomeNull() {
        AmiFrameDecoder.Decoded d = decode("Event: Newchannel\r\nPrivilege: call,all\r\nChannel: PJSIP/sipp-uac-00000003\r\n"
                + "ChannelState: 4\r\nChannelStateDesc: Ring\r\nCallerIDNum: <unknown>\r\nCallerIDName: <unknown>\r\n"
                + "AccountCode: \r\nContext: from-sipp\r\nExten: 2000000001\r\nUniqueid: 1795713716.3\r\n"
                + "Linkedid: 1795713716.3");
        assertThat(d).isEqualTo(new AmiFrameDecoder.Event(new AmiEvent.Newchannel("1795713716.3", "1795713716.3",
                "PJSIP/sipp-uac-00000003", "", null, "2000000001", "from-sipp", 4, "Ring")));
    }

    @Test
    void aHangupReadsCauseCauseTextAndTechCause() {
        AmiFrameDecoder.Decoded d = decode("Event: Hangup\r\nChannel: PJSIP/a-1\r\nUniqueid: 1.1\r\nLinkedid: 1.1\r\n"
                + "AccountCode: acme\r\nCause: 34\r\nCause-txt: Circuit/channel congestion\r\nTechCause: 503");
        assertThat(d).isEqualTo(new AmiFrameDecoder.Event(new AmiEvent.Hangup("1.1", "1.1", "PJSIP/a-1", "acme", 34,
                "Circuit/channel congestion", 503)));
        AmiFrameDecoder.Decoded noTech = decode("Event: Hangup\nUniqueid: 1.2\nCause: x");
        assertThat(((AmiEvent.Hangup) ((AmiFrameDecoder.Event) noTech).event()).cause()).as("unreadable").isNull();
    }

    @Test
    void keysAreCaseInsensitiveAndTheEventLineMayComeLater() {
        AmiFrameDecoder.Decoded d = decode("ActionID: cg7#x\r\nEvent: DialEnd\r\nUNIQUEID: 1.1\r\nDestUniqueid: 1.2\r\n"
                + "DialStatus: ANSWER");
        assertThat(d).isEqualTo(new AmiFrameDecoder.Event(new AmiEvent.DialEnd("1.1", null, "1.2", "ANSWER")));
    }

    @Test
    void aResponseKeepsEveryLineAndAFrameWithoutEventOrResponseIsMalformed() {
        AmiFrameDecoder.Decoded r = decode("Response: Success\r\nActionID: cg1\r\nChallenge: 840415273");
        assertThat(r).isInstanceOf(AmiFrameDecoder.Response.class);
        AmiFrameDecoder.Response response = (AmiFrameDecoder.Response) r;
        assertThat(response.wireActionId()).isEqualTo("cg1");
        assertThat(response.fields()).containsEntry("Challenge", "840415273");
        assertThat(decode("just some text")).isInstanceOf(AmiFrameDecoder.Malformed.class);
        assertThat(decode("Foo: bar")).isInstanceOf(AmiFrameDecoder.Malformed.class);
    }

    @Test
    void aShutdownSaysWhetherAsteriskRestarts() {
        assertThat(decode("Event: Shutdown\r\nShutdown: Cleanly\r\nRestart: True"))
                .isEqualTo(new AmiFrameDecoder.Event(new AmiEvent.Shutdown(true)));
        assertThat(decode("Event: Shutdown\r\nShutdown: Uncleanly\r\nRestart: False"))
                .isEqualTo(new AmiFrameDecoder.Event(new AmiEvent.Shutdown(false)));
    }
}
