package io.callguard.server.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A callguard restart while the live calls are only seconds old: the first CoreShowChannels cannot adopt them yet
 * (younger than caps.orphanGrace, their decision might still be in flight), and the next full resynchronisation is
 * a whole caps.reconcileInterval away (an hour here). The reconciliation against the call tracker, every
 * orphanGrace, must count them as soon as they are old enough.
 */
class CallCapsRestartWithYoungCallsEndToEndTest extends CapsEndToEndFixture {

    @Override
    Map<String, String> settings() {
        return Map.of("CALLGUARD_CAPS_RECONCILE_INTERVAL", "1h", "CALLGUARD_CAPS_ORPHAN_GRACE", "1s");
    }

    @Test
    void callsYoungerThanTheOrphanGraceAtRestartAreCountedWithinAGraceNotAReconcileInterval() throws Exception {
        Call first = call(outbound(MOBILE));
        Call second = call(outbound(MOBILE));
        assertThat(List.of(first.verdict(), second.verdict())).containsOnly("ALLOW");

        stopCallguard();
        startCallguard();
        assertThat(inUse()).as("just started: the calls are too young to adopt").isZero();

        clock.advance(Duration.ofSeconds(2));
        until("the young calls are adopted by the tracker reconciliation", () -> inUse() == 2);
        assertThat(call(outbound(MOBILE)).reason()).isEqualTo("TRUNK_FULL");

        hangup(second, 16);
        until("a hang-up frees its slot", () -> inUse() == 1);
        assertThat(call(outbound(MOBILE)).verdict()).isEqualTo("ALLOW");
        assertThat(await(http.get("/ready").send()).statusCode()).isEqualTo(200);
    }
}
