package io.callguard.suspension;

import io.callguard.asterisk.fastagi.FailureMode;
import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.asterisk.fastagi.FastAgiServer;
import io.callguard.core.policy.Decision;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.callguard.testkit.agi.EmulatedAgiClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A suspended account behind a real FastAGI server on 127.0.0.1, asked by an Asterisk-like client. */
class SuspensionOverFastAgiTest {
    private static final String HOST = "127.0.0.1";
    private Vertx vertx;
    private SuspensionFixture f;
    private FastAgiServer server;
    private EmulatedAgiClient asterisk;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        f = new SuspensionFixture();
        // Fail closed with a generous deadline: an ALLOW can only come from the chain, not from a fallback.
        FastAgiOptions options = new FastAgiOptions(HOST, 0, Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(5), 2048, 128, FailureMode.CLOSED, true);
        server = new FastAgiServer(vertx, options, f.engine);
        port = await(server.start());
        asterisk = new EmulatedAgiClient(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) await(server.stop(Duration.ZERO));
        if (vertx != null) await(vertx.close());
    }

    @Test
    void aSuspendedAccountGetsLineSuspendedForAMobileAndAllowForTheEmergencyNumber() throws Exception {
        f.suspendNow(SuspensionFixture.ACME, null, SuspensionReason.CREDIT_THRESHOLD);

        AgiSessionResult mobile = await(asterisk.run(HOST, port, AgiEnvironment.outbound("PJSIP/trunk-a-00000001",
                "1770003000.1", "", "0140000000", "0612345678")));
        assertThat(mobile.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(mobile.variable(Decision.VERDICT)).isEqualTo("DENY");
        assertThat(mobile.variable(Decision.REASON)).isEqualTo("LINE_SUSPENDED");
        assertThat(mobile.variable(Decision.CAUSE)).isEqualTo("21");
        assertThat(mobile.variable(Decision.PROMPT)).isEqualTo("callguard/line-suspended");

        AgiSessionResult emergency = await(asterisk.run(HOST, port, AgiEnvironment.outbound("PJSIP/trunk-a-00000002",
                "1770003000.2", "", "0140000000", "112")));
        assertThat(emergency.variable(Decision.VERDICT)).isEqualTo("ALLOW");
        assertThat(emergency.variable(Decision.REASON)).isEqualTo("EMERGENCY");

        AgiSessionResult inbound = await(asterisk.run(HOST, port, AgiEnvironment.inbound("PJSIP/carrier-00000003",
                "1770003000.3", "", "0612345678", SuspensionFixture.DID)));
        assertThat(inbound.variable(Decision.VERDICT)).isEqualTo("ALLOW");
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
