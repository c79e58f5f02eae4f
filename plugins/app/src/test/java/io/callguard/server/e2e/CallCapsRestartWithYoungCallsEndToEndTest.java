package io.callguard.server.e2e;

import io.callguard.caps.CallCaps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A callguard restart while two calls only a second old are up on a T0 trunk (2 channels). The first
 * CoreShowChannels after the start adopts every live channel at once, however young; a decision that comes before
 * that list is applied waits for it (up to caps.startupHold), and /ready says 503 until then. The emulated Asterisk
 * holds its CoreShowChannels answer so that the decision really comes first.
 */
class CallCapsRestartWithYoungCallsEndToEndTest extends CapsEndToEndFixture {

    @Override
    Map<String, String> settings() {
        // the periodic reconciliations are an hour away: only the first resynchronisation can count the calls
        return Map.of("CALLGUARD_CAPS_RECONCILE_INTERVAL", "1h", "CALLGUARD_CAPS_ORPHAN_GRACE", "10m",
                "CALLGUARD_CAPS_STARTUP_HOLD", "9s");
    }

    private Call[] twoYoungCallsUp() {
        Call first = call(outbound(MOBILE));
        Call second = call(outbound(MOBILE));
        assertThat(List.of(first.verdict(), second.verdict())).containsOnly("ALLOW");
        await(asterisk.answer(first.uniqueId()));
        await(asterisk.answer(second.uniqueId()));
        return new Call[] {first, second};
    }

    @Test
    void aDecisionRightAfterARestartWithTwoYoungCallsUpIsRefusedTrunkFull() throws Exception {
        Call[] up = twoYoungCallsUp();
        stopCallguard();
        asteriskClock.advance(java.time.Duration.ofSeconds(1));
        asterisk.holdChannelLists(true);
        int syncs = asterisk.actionsReceived("CoreShowChannels").size();
        launchCallguard();
        until("AMI logged in and CoreShowChannels asked", () -> asterisk.actionsReceived("CoreShowChannels").size() > syncs);

        JsonObject notReady = await(http.get("/ready").send()).bodyAsJsonObject();
        assertThat(notReady.getString("status")).isEqualTo("DOWN");
        assertThat(notReady.getString("ami")).isEqualTo("SYNCING");
        assertThat(await(http.get("/ready").send()).statusCode()).isEqualTo(503);

        Future<Call> third = outbound(MOBILE);
        until("the third decision waits for the first resynchronisation", () -> app.moduleService(CallCaps.class).sync().waiting() == 1);
        assertThat(third.isComplete()).isFalse();

        await(asterisk.releaseChannelLists());
        assertThat(call(third).reason()).isEqualTo("TRUNK_FULL");
        assertThat(usage().getJsonArray("reservations").stream().map(r -> ((JsonObject) r).getString("holder")).toList())
                .containsExactly(up[0].uniqueId(), up[1].uniqueId());
        until("/ready turns 200 once the resynchronisation is applied",
                () -> await(http.get("/ready").send()).statusCode() == 200);

        hangup(up[1], 16);
        until("a hang-up frees its slot", () -> inUse() == 1);
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
        assertThat(call(outbound(MOBILE)).reason()).isEqualTo("TRUNK_FULL");
    }

    @Test
    void withoutAHeldListTheFirstResyncAfterARestartCountsYoungCallsAtOnce() throws Exception {
        twoYoungCallsUp();
        stopCallguard();
        startCallguard();
        assertThat(inUse()).as("adopted by the first resynchronisation, not an orphanGrace later").isEqualTo(2);
        assertThat(call(outbound(MOBILE)).reason()).isEqualTo("TRUNK_FULL");
    }
}
