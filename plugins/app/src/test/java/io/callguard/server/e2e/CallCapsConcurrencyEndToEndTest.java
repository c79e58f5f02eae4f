package io.callguard.server.e2e;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * R2 under load, end to end: a T0 trunk carries exactly 2 calls whatever arrives at once, inbound and outbound
 * together; a hang-up frees exactly one slot; emergency calls are never refused and are counted.
 */
class CallCapsConcurrencyEndToEndTest extends CapsEndToEndFixture {

    @Test
    void twoHundredSimultaneousOutboundCallsOnAT0TrunkGiveExactlyTwoAllowsAndOneHangupFreesExactlyOneSlot() throws Exception {
        List<Future<Call>> attempts = new ArrayList<>();
        for (int i = 0; i < 200; i++) attempts.add(outbound(MOBILE));
        List<Call> calls = simultaneously(attempts);

        assertTwoAllowedAndTheRestTrunkFull(calls);
        assertThat(inUse()).isEqualTo(2);

        releaseOneAndCheckExactlyOneMoreFits(calls);
    }

    @Test
    void twoHundredSimultaneousInboundAndOutboundCallsShareTheTwoChannels() throws Exception {
        List<Future<Call>> attempts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            attempts.add(inbound());
            attempts.add(outbound(MOBILE));
        }
        List<Call> calls = simultaneously(attempts);

        assertTwoAllowedAndTheRestTrunkFull(calls);
        long inboundRefused = withVerdict(calls, "DENY").stream().filter(c -> c.channel().contains("carrier")).count();
        long outboundRefused = withVerdict(calls, "DENY").stream().filter(c -> c.channel().contains(TRUNK)).count();
        assertThat(inboundRefused).as("inbound calls count against the trunk too").isGreaterThanOrEqualTo(98);
        assertThat(outboundRefused).isGreaterThanOrEqualTo(98);

        releaseOneAndCheckExactlyOneMoreFits(calls);
    }

    @Test
    void fiftySimultaneousEmergencyCallsOnAFullTrunkAreAllAllowedAndCounted() throws Exception {
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
        assertThat(call(outbound(MOBILE)).reason()).isEqualTo("TRUNK_FULL");

        List<Future<Call>> attempts = new ArrayList<>();
        for (int i = 0; i < 50; i++) attempts.add(outbound("112"));
        List<Call> emergencies = simultaneously(attempts);

        assertThat(emergencies).allSatisfy(c -> {
            assertThat(c.verdict()).isEqualTo("ALLOW");
            assertThat(c.reason()).isEqualTo("EMERGENCY");
        });
        JsonObject usage = usage();
        assertThat(usage.getInteger("cap")).isEqualTo(2);
        assertThat(usage.getInteger("inUse")).as("emergency calls are counted while they last").isEqualTo(52);
        JsonArray reservations = usage.getJsonArray("reservations");
        assertThat(reservations.stream().map(JsonObject.class::cast).filter(r -> r.getBoolean("forced")).count())
                .isEqualTo(50);
        assertThat(call(outbound(MOBILE)).reason()).as("still full for ordinary calls").isEqualTo("TRUNK_FULL");
    }

    private static void assertTwoAllowedAndTheRestTrunkFull(List<Call> calls) {
        assertThat(withVerdict(calls, "ALLOW")).hasSize(2);
        List<Call> refused = withVerdict(calls, "DENY");
        assertThat(refused).hasSize(calls.size() - 2);
        assertThat(refused).allSatisfy(c -> {
            assertThat(c.reason()).isEqualTo("TRUNK_FULL");
            assertThat(c.result().variable("CALLGUARD_CAUSE")).isEqualTo("34");
            assertThat(c.result().variable("CALLGUARD_PROMPT")).isEqualTo("callguard/trunk-full");
        });
    }

    /** The refused calls end (cause 34), one allowed call hangs up: one new call fits, the next does not. */
    private void releaseOneAndCheckExactlyOneMoreFits(List<Call> calls) throws Exception {
        for (Call c : withVerdict(calls, "DENY")) hangup(c, 34);
        assertThat(inUse()).as("refused calls never held a slot").isEqualTo(2);
        hangup(withVerdict(calls, "ALLOW").get(0), 16);
        until("the hang-up released its slot", () -> inUse() == 1);

        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
        Call refused = call(inbound());
        assertThat(refused.verdict()).isEqualTo("DENY");
        assertThat(refused.reason()).isEqualTo("TRUNK_FULL");
        assertThat(inUse()).isEqualTo(2);
    }
}
