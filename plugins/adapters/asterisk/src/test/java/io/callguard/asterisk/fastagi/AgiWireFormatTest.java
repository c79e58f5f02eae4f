package io.callguard.asterisk.fastagi;

import io.callguard.core.policy.CallRequest;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The small protocol pieces: header fields, reply lines, command lines. */
class AgiWireFormatTest {
    @Test
    void headerTranslatesToACallRequestWithoutJudgingIt() {
        AgiHeader h = new AgiHeader(128);
        for (String line : new String[] {"agi_network: yes", "agi_network_script: /inbound?x=1",
                "agi_channel: PJSIP/carrier-0000002a", "agi_uniqueid: 1795713716.3", "agi_callerid: unknown",
                "agi_extension: 0198765432", "agi_accountcode: ", "agi_threadid: 1"}) {
            assertThat(h.accept(line)).as(line).isEqualTo(AgiHeader.Step.MORE);
        }
        assertThat(h.accept("")).isEqualTo(AgiHeader.Step.COMPLETE);

        assertThat(h.direction()).isEqualTo(Direction.INBOUND);
        assertThat(h.toCallRequest(Direction.INBOUND)).isEqualTo(new CallRequest(Direction.INBOUND, "", "carrier", "",
                "0198765432", "PJSIP/carrier-0000002a", "1795713716.3"));
    }

    @Test
    void headerRejectsForeignLinesAndTooManyLines() {
        AgiHeader h = new AgiHeader(2);
        assertThat(h.accept("GET / HTTP/1.1")).isEqualTo(AgiHeader.Step.MALFORMED);
        assertThat(h.problem()).contains("not an agi_ header line");

        AgiHeader few = new AgiHeader(2);
        few.accept("agi_a: 1");
        few.accept("agi_b: 2");
        assertThat(few.accept("agi_c: 3")).isEqualTo(AgiHeader.Step.MALFORMED);
        assertThat(new AgiHeader(2).accept("")).isEqualTo(AgiHeader.Step.MALFORMED);
        assertThat(new AgiHeader(2).accept("agi_no_colon")).isEqualTo(AgiHeader.Step.MALFORMED);
    }

    @Test
    void unknownScriptHasNoDirection() {
        AgiHeader h = new AgiHeader(8);
        h.accept("agi_network_script: outbound/extra");
        assertThat(h.direction()).isNull();
        assertThat(h.script()).isEqualTo("outbound/extra");
    }

    @Test
    void replyReaderReadsSingleLinesAndWholeUsageBlocks() {
        AgiReplyReader r = new AgiReplyReader();
        assertThat(r.accept("200 result=1").ok()).isTrue();
        assertThat(r.accept("511 Command Not Permitted on a dead channel or intercept routine").status()).isEqualTo(511);
        assertThat(r.accept("520-Invalid command syntax.  Proper usage follows:")).isNull();
        assertThat(r.inUsage()).isTrue();
        assertThat(r.accept("Usage: SET VARIABLE <variablename> <value>")).isNull();
        AgiReply usage = r.accept("520 End of proper usage.");
        assertThat(usage.status()).isEqualTo(520);
        assertThat(usage.firstLine()).startsWith("520-Invalid");
        assertThat(r.inUsage()).isFalse();
        assertThat(r.accept("HELLO").status()).isEqualTo(-1);
        assertThat(r.accept("2000 result=1").status()).isEqualTo(-1);
    }

    @Test
    void decisionBecomesOneMSetOrOneSetVariablePerVariable() {
        Decision deny = Decision.deny("DEADLINE", 34, "callguard/service-unavailable");
        assertThat(AgiCommands.forDecision(deny, true)).containsExactly(
                "EXEC MSet \"CALLGUARD_VERDICT=DENY,CALLGUARD_REASON=DEADLINE,CALLGUARD_CAUSE=34,"
                        + "CALLGUARD_PROMPT=callguard/service-unavailable\"");
        assertThat(AgiCommands.forDecision(Decision.allow(7200), false)).containsExactly(
                "SET VARIABLE CALLGUARD_VERDICT \"ALLOW\"", "SET VARIABLE CALLGUARD_MAX_SECONDS \"7200\"");
    }

    @Test
    void valuesThatWouldBreakTheCommandLineAreSanitised() {
        Decision evil = Decision.deny("A,B=\"C\" \\D\r\nEXEC Hangup ${X}", 21, "p");
        String command = AgiCommands.forDecision(evil, true).get(0);

        assertThat(command).isEqualTo("EXEC MSet \"CALLGUARD_VERDICT=DENY,CALLGUARD_REASON=A_B=_C___D__EXEC_Hangup__{X},"
                + "CALLGUARD_CAUSE=21,CALLGUARD_PROMPT=p\"");
        assertThat(AgiCommands.forDecision(Decision.allow(60).withAnnouncement(""), true).get(0))
                .endsWith(",CALLGUARD_ANNOUNCEMENT=\"");
    }

    @Test
    void bracketsAreSanitisedBecauseMSetIgnoresCommasInsideThem() {
        Decision bracketed = Decision.deny("X(1", 21, "callguard/[p]");
        String command = AgiCommands.forDecision(bracketed, true).get(0);

        assertThat(command).isEqualTo("EXEC MSet \"CALLGUARD_VERDICT=DENY,CALLGUARD_REASON=X_1,CALLGUARD_CAUSE=21,"
                + "CALLGUARD_PROMPT=callguard/_p_\"");
    }
}
