package io.callguard.testkit.agi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AgiCapturesTest {
    private static final String AGI_TXT = """
            # FastAGI as seen by the FastAGI server
            ====
            # FastAGI session 1, peer 127.0.0.1:50590, accepted 2026-11-26T17:24:42.343
            # ---- header block, Asterisk -> stub (complete at +0.0001s; terminated by the empty line below) ----
            agi_network: yes
            agi_accountcode:\s
            agi_threadid: 1

            # ---- dialogue ----
            [+0.4009] S->A  SET VARIABLE CALLGUARD_VERDICT ALLOW
            ====
            # FastAGI session 2, peer 127.0.0.1:50592, accepted 2026-11-26T17:24:42.443
            # ---- header block, Asterisk -> stub ----
            agi_network: yes
            agi_threadid: 2

            """;

    @Test
    void parsesEachHeaderBlockWithItsSessionNumber() {
        List<AgiCaptures.CapturedSession> sessions = AgiCaptures.parse("concurrent-calls", AGI_TXT);

        assertThat(sessions).extracting(AgiCaptures.CapturedSession::session).containsExactly(1, 2);
        assertThat(sessions.get(0).headerBlock()).isEqualTo("agi_network: yes\nagi_accountcode: \nagi_threadid: 1\n\n");
        assertThat(sessions.get(1).environment().get("threadid")).isEqualTo("2");
        assertThat(sessions.get(0).toString()).isEqualTo("concurrent-calls#1");
    }
}
