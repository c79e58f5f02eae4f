package io.callguard.server.e2e;

import io.callguard.caps.CallCaps;
import io.callguard.testkit.ami.AmiFrame;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reservations over time, end to end: freed by the periodic reconciliation, rebuilt after a callguard restart,
 * calls cut by the R1 watchdog through AMI, the usage report and cap changes through the admin API.
 */
class CallCapsLifecycleEndToEndTest extends CapsEndToEndFixture {

    @Override
    Map<String, String> settings() {
        return Map.of("CALLGUARD_CAPS_RECONCILE_INTERVAL", "100ms", "CALLGUARD_WATCHDOG_INTERVAL", "50ms");
    }

    @Test
    void aDecisionWhoseCallerHungUpFirstIsFreedByTheReconciliationOnceOlderThanOrphanGrace() throws Exception {
        // The caller hangs up while the AGI request is on its way: the Hangup reaches callguard before the
        // decision, so no Hangup will ever release the slot the decision takes.
        String id = asterisk.nextUniqueId();
        String channel = nextChannel(TRUNK);
        await(asterisk.addChannel(id, id, channel, "acme", DID, MOBILE, "Ring"));
        until("callguard sees the channel", () -> app.tracker().get(id).isPresent());
        await(asterisk.hangup(id, 16));
        until("callguard sees the hang-up", () -> app.tracker().get(id).isEmpty());
        Call late = call(io.vertx.core.Future.succeededFuture()
                .compose(v -> agi.run("127.0.0.1", app.fastAgiPort(),
                        io.callguard.testkit.agi.AgiEnvironment.outbound(channel, id, "acme", DID, MOBILE)))
                .map(r -> new Call(id, channel, r)));
        assertThat(late.verdict()).isEqualTo("ALLOW");

        int syncs = asterisk.actionsReceived("CoreShowChannels").size();
        until("two more reconciliations ran", () -> asterisk.actionsReceived("CoreShowChannels").size() >= syncs + 2);
        JsonObject held = usage();
        assertThat(held.getInteger("inUse")).as("younger than caps.orphanGrace: kept").isEqualTo(1);
        assertThat(held.getJsonArray("reservations").getJsonObject(0).getString("holder")).isEqualTo(id);

        clock.advance(Duration.ofSeconds(11));
        until("the orphan is freed by the periodic reconciliation", () -> inUse() == 0);
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
        assertThat(call(outbound(MOBILE)).reason()).isEqualTo("TRUNK_FULL");
    }

    @Test
    void whileAmiIsDownReservationsOnlyExpireAfterTheCallMaximumPlusMargin() throws Exception {
        Call a = call(outbound(MOBILE));
        assertThat(a.verdict()).isEqualTo("ALLOW");
        await(asterisk.kill());
        until("callguard sees AMI down", () -> await(http.get("/ready").send()).statusCode() == 503);

        clock.advance(Duration.ofSeconds(7200 + 300 - 1));
        assertThat(inUse()).as("no picture of Asterisk: kept").isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        until("the reservation expires", () -> inUse() == 0);
        assertThat(hangupActions()).as("no watchdog without AMI").isEmpty();
    }

    @Test
    void afterACallguardRestartTheCallsAlreadyUpAreAdoptedAndTheNextCallIsRefusedUntilOneHangsUp() throws Exception {
        Call first = call(outbound(MOBILE));
        Call second = call(inbound());
        assertThat(List.of(first.verdict(), second.verdict())).containsOnly("ALLOW");
        await(asterisk.answer(first.uniqueId()));
        await(asterisk.answer(second.uniqueId()));

        stopCallguard();
        // Both calls go on while callguard is away; a minute later it starts again with no reservation at all.
        asteriskClock.advance(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        startCallguard();
        until("the two live calls are adopted", () -> inUse() == 2);
        assertThat(usage().getJsonArray("reservations").stream().map(JsonObject.class::cast)
                .allMatch(r -> r.getBoolean("forced"))).isTrue();

        Call refused = call(outbound(MOBILE));
        assertThat(refused.verdict()).isEqualTo("DENY");
        assertThat(refused.reason()).isEqualTo("TRUNK_FULL");
        hangup(refused, 34);

        hangup(second, 16);
        until("the hang-up of an adopted call frees its slot", () -> inUse() == 1);
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
    }

    @Test
    void aCallPastItsMaximumDurationIsHungUpThroughAmiWithCause16ButAnEmergencyCallIsNot() throws Exception {
        Call normal = call(outbound(MOBILE));
        Call emergency = call(outbound("112"));
        assertThat(normal.result().variable("CALLGUARD_MAX_SECONDS")).isEqualTo("7200");
        assertThat(emergency.reason()).isEqualTo("EMERGENCY");
        await(asterisk.answer(normal.uniqueId()));
        await(asterisk.answer(emergency.uniqueId()));
        until("both answered", () -> app.tracker().list().stream().filter(c -> c.answeredAt() != null).count() == 2);

        clock.advance(Duration.ofSeconds(7200 + 30));
        assertThat(app.moduleService(CallCaps.class).watchdog().overdue(clock.instant())).as("within the 60 s grace").isEmpty();

        clock.advance(Duration.ofSeconds(31));
        until("callguard sends an AMI Hangup", () -> !hangupActions().isEmpty());
        AmiFrame action = hangupActions().get(0);
        assertThat(action.get("Channel")).isEqualTo(normal.channel());
        assertThat(action.get("Cause")).isEqualTo("16");
        until("the call is gone and its slot free", () -> app.tracker().get(normal.uniqueId()).isEmpty() && inUse() == 1);
        assertThat(hangupActions()).as("asked once, the emergency call never")
                .extracting(f -> f.get("Channel")).containsExactly(normal.channel());
        assertThat(asterisk.channels()).extracting(c -> c.uniqueId()).containsExactly(emergency.uniqueId());
    }

    @Test
    void usageShowsTheCapAndReservationsAndCapChangesApplyToTheNextDecisionWithoutCuttingCalls() throws Exception {
        Call a = call(outbound(MOBILE));
        Call b = call(inbound());
        until("the inbound call's leg on the trunk is seen", () -> app.tracker().get(b.dialledLeg()).isPresent());
        String bOnTrunk = app.tracker().get(b.dialledLeg()).orElseThrow().channel();
        clock.advance(Duration.ofSeconds(30));

        JsonObject usage = usage();
        assertThat(usage.getString("trunkId")).isEqualTo(TRUNK);
        assertThat(usage.getString("accountId")).isEqualTo("acme");
        assertThat(usage.getInteger("cap")).isEqualTo(2);
        assertThat(usage.getInteger("inUse")).isEqualTo(2);
        assertThat(usage.getJsonArray("reservations").stream().map(JsonObject.class::cast))
                .extracting(r -> r.getString("holder"), r -> r.getString("channel"), r -> r.getLong("ageSeconds"),
                        r -> r.getBoolean("forced"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(a.uniqueId(), a.channel(), 30L, false),
                        // an inbound call is held by its carrier leg, and shown by its channel on the trunk
                        org.assertj.core.groups.Tuple.tuple(b.uniqueId(), bOnTrunk, 30L, false));
        var unknown = send("GET", "/admin/v1/trunks/nope/usage", null, 404);
        assertThat(unknown.getHeader("Content-Type")).startsWith("application/problem+json");
        assertThat(unknown.bodyAsJsonObject().getString("detail")).contains("trunk 'nope' not found");

        setTrunkChannels(3);
        Call c = call(outbound(MOBILE));
        assertThat(c.verdict()).as("the raised cap applies to the next decision").isEqualTo("ALLOW");
        assertThat(call(outbound(MOBILE)).reason()).isEqualTo("TRUNK_FULL");

        hangup(c, 16);
        until("two calls left", () -> inUse() == 2);
        setTrunkChannels(1);
        assertThat(call(outbound(MOBILE)).reason()).isEqualTo("TRUNK_FULL");
        JsonObject lowered = usage();
        assertThat(lowered.getInteger("cap")).isEqualTo(1);
        assertThat(lowered.getInteger("inUse")).isEqualTo(2);
        // several watchdog sweeps and reconciliations later, nothing was cut
        int syncs = asterisk.actionsReceived("CoreShowChannels").size();
        until("two more reconciliations ran", () -> asterisk.actionsReceived("CoreShowChannels").size() >= syncs + 2);
        assertThat(hangupActions()).as("lowering a cap never hangs up live calls").isEmpty();
        assertThat(asterisk.channels()).extracting(ch -> ch.uniqueId()).contains(a.uniqueId(), b.uniqueId());
    }
}
