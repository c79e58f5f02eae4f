package io.callguard.testkit.agi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Replies as in the real captures (caller-hangs-up-during-agi, outbound-answered). */
class EmulatedChannelTest {
    @Test
    void liveChannelRepliesLikeAsterisk22() {
        EmulatedChannel c = new EmulatedChannel();
        assertThat(c.answer("SET VARIABLE CALLGUARD_VERDICT ALLOW")).isEqualTo("200 result=1");
        assertThat(c.answer("GET VARIABLE CALLGUARD_VERDICT")).isEqualTo("200 result=1 (ALLOW)");
        assertThat(c.answer("GET VARIABLE NOPE")).isEqualTo("200 result=0");
        assertThat(c.answer("EXEC MSet \"A=1,B=2\"")).isEqualTo("200 result=0");
        assertThat(c.answer("NOOP still-there")).isEqualTo("200 result=0");
        assertThat(c.answer("ANSWER")).isEqualTo("200 result=0");
        assertThat(c.answer("FLY AWAY")).isEqualTo("510 Invalid or unknown command");
        assertThat(c.variables()).containsExactly(entry("CALLGUARD_VERDICT", "ALLOW"), entry("A", "1"), entry("B", "2"));
    }

    @Test
    void deadChannelRefusesOnlyCommandsThatNeedALiveChannel() {
        EmulatedChannel c = new EmulatedChannel();
        c.hangUp();
        assertThat(c.answer("SET VARIABLE CALLGUARD_VERDICT ALLOW")).isEqualTo("200 result=1");
        assertThat(c.answer("GET FULL VARIABLE ${CALLGUARD_VERDICT}")).isEqualTo("200 result=1 (ALLOW)");
        assertThat(c.answer("ANSWER")).isEqualTo(EmulatedChannel.DEAD_CHANNEL);
        assertThat(c.answer("STREAM FILE hello-world \"\"")).isEqualTo(EmulatedChannel.DEAD_CHANNEL);
        assertThat(c.answer("EXEC Wait 1")).isEqualTo("200 result=0");
        assertThat(c.answer("CHANNEL STATUS")).isEqualTo(EmulatedChannel.DEAD_CHANNEL);
        assertThat(c.answer("NOOP still-there")).isEqualTo("200 result=0");
    }

    @Test
    void usageTextIsMultiLineAndEndsWithTheProperUsageLine() {
        assertThat(EmulatedChannel.usage("SET VARIABLE")).startsWith("520-Invalid command syntax.  Proper usage follows:\n")
                .endsWith("\n520 End of proper usage.");
    }
}
