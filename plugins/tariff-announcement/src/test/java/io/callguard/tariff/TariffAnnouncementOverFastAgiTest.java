package io.callguard.tariff;

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

/** The tariff announcement behind a real FastAGI server on 127.0.0.1, asked by an Asterisk-like client. */
class TariffAnnouncementOverFastAgiTest {
    private static final String HOST = "127.0.0.1";
    private Vertx vertx;
    private FastAgiServer server;
    private EmulatedAgiClient asterisk;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        TariffFixture f = new TariffFixture();
        // A deadline far above the decision time: a deadline verdict would carry no announcement and hide a bug.
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
    void anInboundCallTo0899GetsTheEightyCentAnnouncementOnTheWire() throws Exception {
        AgiSessionResult r = await(asterisk.run(HOST, port, AgiEnvironment.inbound("PJSIP/carrier-00000001",
                "1770003000.1", "", "0612345678", "0899123456")));
        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(r.variable(Decision.VERDICT)).isEqualTo("ALLOW");
        assertThat(r.variable(Decision.ANNOUNCEMENT)).isEqualTo("callguard/tariff/089-080-min");
        assertThat(r.commands()).anySatisfy(c -> assertThat(c).contains("CALLGUARD_ANNOUNCEMENT=callguard/tariff/089-080-min"));
    }

    @Test
    void anInboundCallToAFreeNumberGetsAnEmptyAnnouncementOnTheWire() throws Exception {
        AgiSessionResult r = await(asterisk.run(HOST, port, AgiEnvironment.inbound("PJSIP/carrier-00000002",
                "1770003000.2", "", "0612345678", "0800123456")));
        assertThat(r.variable(Decision.VERDICT)).isEqualTo("ALLOW");
        assertThat(r.variable(Decision.ANNOUNCEMENT)).isEmpty();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
