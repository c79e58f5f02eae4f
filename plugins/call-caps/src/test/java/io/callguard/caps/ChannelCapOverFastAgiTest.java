package io.callguard.caps;

import io.callguard.asterisk.fastagi.LoopbackFastAgi;
import io.callguard.core.policy.Decision;
import io.callguard.testkit.agi.AgiBehaviour;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The channel cap behind a real FastAGI server on 127.0.0.1, asked by an Asterisk-like client. */
class ChannelCapOverFastAgiTest {
    private CapsFixture f;
    private LoopbackFastAgi agi;

    @BeforeEach
    void start() {
        f = CapsFixture.standard();
        // A deadline verdict would bypass the cap and hide a counting bug: LoopbackFastAgi fails closed.
        agi = LoopbackFastAgi.start(f.engine);
    }

    @AfterEach
    void stop() {
        if (agi != null) agi.close();
    }

    @Test
    void twoHundredSimultaneousFastAgiRequestsOnAT0GetExactlyTwoAllows() throws Exception {
        List<Future<AgiSessionResult>> sessions = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = "1770001000." + i;
            AgiEnvironment env = AgiEnvironment.outbound(String.format("PJSIP/trunk-a-%08x", i), id, "",
                    "0140000000", "0612345678");
            sessions.add(agi.run(env, AgiBehaviour.normal().withMaxSessionTime(Duration.ofSeconds(20))));
        }
        List<AgiSessionResult> results = await(Future.all(sessions)).list();
        assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS));
        long allowed = results.stream().filter(r -> "ALLOW".equals(r.variable(Decision.VERDICT))).count();
        long full = results.stream().filter(r -> "TRUNK_FULL".equals(r.variable(Decision.REASON))
                && "34".equals(r.variable(Decision.CAUSE))).count();
        assertThat(allowed).isEqualTo(2);
        assertThat(full).isEqualTo(198);
        assertThat(f.inUse()).isEqualTo(2);
    }

    @Test
    void anEmergencyCallOverFastAgiPassesAFullTrunk() throws Exception {
        for (int i = 0; i < 2; i++) {
            await(agi.run(AgiEnvironment.outbound("PJSIP/trunk-a-0000000" + i, "1770002000." + i,
                    "", "0140000000", "0612345678")));
        }
        AgiSessionResult emergency = await(agi.run(AgiEnvironment.outbound("PJSIP/trunk-a-00000009",
                "1770002000.9", "", "0140000000", "112")));
        assertThat(emergency.variable(Decision.VERDICT)).isEqualTo("ALLOW");
        assertThat(emergency.variable(Decision.REASON)).isEqualTo("EMERGENCY");
        assertThat(f.inUse()).isEqualTo(3);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
