package io.callguard.testkit.agi;

import io.callguard.testkit.CaptureAssumptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgiEnvironmentTest {
    @Test
    void outboundWritesTheAsterisk22FieldsInOrderWithLfOnly() {
        AgiEnvironment env = AgiEnvironment.outbound("PJSIP/trunk-a-00000001", "1795713716.3", "", "0123456789", "0612345678");
        String block = env.toHeaderBlock();

        assertThat(List.copyOf(env.fields().keySet())).isEqualTo(AgiEnvironment.STANDARD_FIELDS);
        assertThat(block).doesNotContain("\r").endsWith("agi_threadid: 140198694999744\n\n");
        assertThat(block).contains("\nagi_accountcode: \n"); // Asterisk's trailing space after an empty value
        assertThat(block).contains("agi_network_script: outbound\nagi_request: agi://127.0.0.1:4573/outbound\n");
        assertThat(env.get("type")).isEqualTo("PJSIP");
        assertThat(env.get("agi_dnid")).isEqualTo("0612345678");
        assertThat(env.get("agi_version")).isEqualTo("22.10.1");
    }

    @Test
    void argumentsComeAfterTheStandardFields() {
        AgiEnvironment env = AgiEnvironment.inbound("PJSIP/carrier-00000001", "1.1", "acme", "0612345678", "0198765432")
                .withArguments("112", "x");

        assertThat(env.toHeaderBlock()).endsWith("agi_threadid: 140198694999744\nagi_arg_1: 112\nagi_arg_2: x\n\n");
        assertThat(env.arguments()).containsExactly("112", "x");
        assertThat(env.get("network_script")).isEqualTo("inbound");
    }

    @Test
    void emptyCallerIdIsWrittenAsUnknownLikeAsterisk() {
        AgiEnvironment env = AgiEnvironment.outbound("PJSIP/a-00000001", "1.1", "acme", "", "112");
        assertThat(env.get("callerid")).isEqualTo("unknown");
    }

    @Test
    void fromCaptureGivesTheSameBytesBack() {
        String block = "agi_network: yes\nagi_network_script: outbound\nagi_accountcode: \nagi_threadid: 1\n\n";
        AgiEnvironment env = AgiEnvironment.fromCapture(block);

        assertThat(env.toHeaderBlock()).isEqualTo(block);
        assertThat(env.get("accountcode")).isEmpty();
    }

    @Test
    void fromCaptureRejectsNonAgiLines() {
        assertThatThrownBy(() -> AgiEnvironment.fromCapture("agi_network: yes\nhello\n\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyRealCapturedHeaderRoundTripsByteForByte() {
        CaptureAssumptions.requireCaptures();
        List<AgiCaptures.CapturedSession> sessions = AgiCaptures.sessions();
        assertThat(sessions).isNotEmpty();
        for (AgiCaptures.CapturedSession s : sessions) {
            assertThat(s.environment().toHeaderBlock()).as(s.toString()).isEqualTo(s.headerBlock());
            assertThat(List.copyOf(s.environment().fields().keySet()).subList(0, AgiEnvironment.STANDARD_FIELDS.size()))
                    .as(s.toString()).isEqualTo(AgiEnvironment.STANDARD_FIELDS);
        }
    }
}
