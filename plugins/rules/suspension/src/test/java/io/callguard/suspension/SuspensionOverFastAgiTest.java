package io.callguard.suspension;

import io.callguard.asterisk.fastagi.DecisionVariables;
import io.callguard.asterisk.fastagi.LoopbackFastAgi;
import io.callguard.core.policy.Decision;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A suspended account behind a real FastAGI server on 127.0.0.1, asked by an Asterisk-like client. */
class SuspensionOverFastAgiTest {
    private SuspensionFixture f;
    private LoopbackFastAgi agi;

    @BeforeEach
    void start() {
        f = new SuspensionFixture();
        agi = LoopbackFastAgi.start(f.engine);
    }

    @AfterEach
    void stop() {
        if (agi != null) agi.close();
    }

    @Test
    void aSuspendedAccountGetsLineSuspendedForAMobileAndAllowForTheEmergencyNumber() throws Exception {
        f.suspendNow(SuspensionFixture.ACME, null, SuspensionReason.CREDIT_THRESHOLD);

        AgiSessionResult mobile = await(agi.run(AgiEnvironment.outbound("PJSIP/trunk-a-00000001",
                "1770003000.1", "", "0140000000", "0612345678")));
        assertThat(mobile.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(mobile.variable(DecisionVariables.VERDICT)).isEqualTo("DENY");
        assertThat(mobile.variable(DecisionVariables.REASON)).isEqualTo("LINE_SUSPENDED");
        assertThat(mobile.variable(DecisionVariables.CAUSE)).isEqualTo("21");
        assertThat(mobile.variable(DecisionVariables.PROMPT)).isEqualTo("callguard/line-suspended");

        AgiSessionResult emergency = await(agi.run(AgiEnvironment.outbound("PJSIP/trunk-a-00000002",
                "1770003000.2", "", "0140000000", "112")));
        assertThat(emergency.variable(DecisionVariables.VERDICT)).isEqualTo("ALLOW");
        assertThat(emergency.variable(DecisionVariables.REASON)).isEqualTo("EMERGENCY");

        AgiSessionResult inbound = await(agi.run(AgiEnvironment.inbound("PJSIP/carrier-00000003",
                "1770003000.3", "", "0612345678", SuspensionFixture.DID)));
        assertThat(inbound.variable(DecisionVariables.VERDICT)).isEqualTo("ALLOW");
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
