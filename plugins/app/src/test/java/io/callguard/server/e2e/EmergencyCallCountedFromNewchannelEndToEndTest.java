package io.callguard.server.e2e;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped dialplan dials emergency numbers before any AGI: callguard learns of such a call only from AMI. Its
 * Newchannel on a known trunk counts at once (a forced slot, released on its Hangup), not at the next
 * CoreShowChannels sweep (an hour away here). Channels reported by AMI and decided through FastAGI count once per
 * call, whatever the order of the two.
 */
class EmergencyCallCountedFromNewchannelEndToEndTest extends CapsEndToEndFixture {

    @Override
    Map<String, String> settings() {
        return Map.of("CALLGUARD_CAPS_RECONCILE_INTERVAL", "1h", "CALLGUARD_CAPS_ORPHAN_GRACE", "10m");
    }

    @Test
    void a112CallUpOnAT0TrunkLeavesOneAllowAndOneTrunkFull() throws Exception {
        String emergency = asterisk.nextUniqueId();
        await(asterisk.addChannel(emergency, emergency, nextChannel(TRUNK), "acme", DID, "112", "Up"));
        until("the 112 call is counted from its Newchannel", () -> inUse() == 1);
        JsonObject reservation = usage().getJsonArray("reservations").getJsonObject(0);
        assertThat(reservation.getString("holder")).isEqualTo(emergency);
        assertThat(reservation.getBoolean("forced")).isTrue();

        Call first = call(outbound(MOBILE));
        Call second = call(outbound(MOBILE));
        assertThat(List.of(first.verdict(), second.reason())).containsExactly("ALLOW", "TRUNK_FULL");
        assertThat(inUse()).isEqualTo(2);

        await(asterisk.hangup(emergency, 16));
        until("the 112 call's Hangup frees its slot", () -> inUse() == 1);
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
    }

    @Test
    void aDecisionWithoutAnyAmiChannelThenAnotherCallsNewchannelCountBothOnce() throws Exception {
        // decision first (its Newchannel lags), then a call nobody decided: two calls, two slots, no more
        String id = asterisk.nextUniqueId();
        String channel = nextChannel(TRUNK);
        Call decided = call(agi.run("127.0.0.1", app.fastAgiPort(),
                io.callguard.testkit.agi.AgiEnvironment.outbound(channel, id, "acme", DID, MOBILE))
                .map(r -> new Call(id, channel, r)));
        assertThat(decided.verdict()).isEqualTo("ALLOW");
        await(asterisk.addChannel(id, id, channel, "acme", DID, MOBILE, "Ring"));
        until("the late Newchannel reached callguard", () -> app.tracker().get(id).map(c -> !c.state().isEmpty()).orElse(false));
        assertThat(inUse()).as("decided, then reported: once").isEqualTo(1);
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
        assertThat(call(outbound(MOBILE)).reason()).isEqualTo("TRUNK_FULL");
        assertThat(inUse()).isEqualTo(2);
    }

    @Test
    void anInboundCallWhoseClientLegLandsOnTheTrunkCountsOnceAndEitherLegsHangupFreesIt() throws Exception {
        Call in = call(inbound());
        assertThat(in.verdict()).isEqualTo("ALLOW");
        until("leg B on the client's trunk reached callguard", () -> app.tracker().get(in.dialledLeg()).isPresent());
        assertThat(usage().getJsonArray("reservations").stream().map(r -> ((JsonObject) r).getString("holder")).toList())
                .containsExactly(in.uniqueId());
        await(asterisk.hangup(in.dialledLeg(), 16));
        until("the call left the trunk with leg B", () -> inUse() == 0);
        await(asterisk.hangup(in.uniqueId(), 16));
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
        assertThat(call(outbound(MOBILE)).reason()).isEqualTo("TRUNK_FULL");
    }
}
