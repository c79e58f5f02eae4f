package io.callguard.tariff;

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

/** The tariff announcement behind a real FastAGI server on 127.0.0.1, asked by an Asterisk-like client. */
class TariffAnnouncementOverFastAgiTest {
    private LoopbackFastAgi agi;

    @BeforeEach
    void start() {
        TariffFixture f = new TariffFixture();
        // A deadline verdict would carry no announcement and hide a bug: LoopbackFastAgi fails closed.
        agi = LoopbackFastAgi.start(f.engine);
    }

    @AfterEach
    void stop() {
        if (agi != null) agi.close();
    }

    @Test
    void anInboundCallTo0899GetsTheEightyCentAnnouncementOnTheWire() throws Exception {
        AgiSessionResult r = await(agi.run(AgiEnvironment.inbound("PJSIP/carrier-00000001",
                "1770003000.1", "", "0612345678", "0899123456")));
        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(r.variable(DecisionVariables.VERDICT)).isEqualTo("ALLOW");
        assertThat(r.variable(DecisionVariables.ANNOUNCEMENT)).isEqualTo("callguard/tariff/089-080-min");
        assertThat(r.commands()).anySatisfy(c -> assertThat(c).contains("CALLGUARD_ANNOUNCEMENT=callguard/tariff/089-080-min"));
    }

    @Test
    void anInboundCallToAFreeNumberGetsAnEmptyAnnouncementOnTheWire() throws Exception {
        AgiSessionResult r = await(agi.run(AgiEnvironment.inbound("PJSIP/carrier-00000002",
                "1770003000.2", "", "0612345678", "0800123456")));
        assertThat(r.variable(DecisionVariables.VERDICT)).isEqualTo("ALLOW");
        assertThat(r.variable(DecisionVariables.ANNOUNCEMENT)).isEmpty();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
