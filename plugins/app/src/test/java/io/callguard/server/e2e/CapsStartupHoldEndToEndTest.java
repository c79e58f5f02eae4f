package io.callguard.server.e2e;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the first CoreShowChannels after a start does not land within caps.startupHold, a cap decision gets the
 * FastAGI failure verdict (closed here: DENY, cause 34) rather than a guess on an empty picture; an emergency call is
 * never held and always allowed.
 */
class CapsStartupHoldEndToEndTest extends CapsEndToEndFixture {

    @Override
    Map<String, String> settings() {
        return Map.of("CALLGUARD_CAPS_STARTUP_HOLD", "300ms", "CALLGUARD_FASTAGI_FAILURE_MODE", "closed");
    }

    @Test
    void aDecisionWhoseHoldEndsBeforeTheFirstResyncGetsTheFailureVerdictAndEmergencyStillGoesThrough() throws Exception {
        stopCallguard();
        asterisk.holdChannelLists(true);
        int syncs = asterisk.actionsReceived("CoreShowChannels").size();
        launchCallguard();
        until("AMI logged in and CoreShowChannels asked", () -> asterisk.actionsReceived("CoreShowChannels").size() > syncs);

        Call held = call(outbound(MOBILE));
        assertThat(held.verdict()).isEqualTo("DENY");
        assertThat(held.reason()).isEqualTo("ERROR");
        assertThat(held.result().variable("CALLGUARD_CAUSE")).isEqualTo("34");
        assertThat(call(outbound("112")).verdict()).isEqualTo("ALLOW");
        assertThat(await(http.get("/ready").send()).statusCode()).isEqualTo(503);

        await(asterisk.hangup(held.uniqueId(), 34)); // Asterisk hangs the refused call up

        await(asterisk.releaseChannelLists());
        until("/ready turns 200 once the resynchronisation is applied",
                () -> await(http.get("/ready").send()).statusCode() == 200);
        // the emergency call is up on the trunk (adopted), the held one was refused: one ordinary call fits
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
        assertThat(call(outbound(MOBILE)).reason()).isEqualTo("TRUNK_FULL");
    }
}
