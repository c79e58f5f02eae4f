package io.callguard.caps;

import io.callguard.asterisk.fastagi.DecisionVariables;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callguard.asterisk.fastagi.LoopbackFastAgi;
import io.callguard.core.policy.Decision;
import io.callguard.testkit.agi.AgiBehaviour;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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
        long allowed = results.stream().filter(r -> "ALLOW".equals(r.variable(DecisionVariables.VERDICT))).count();
        long full = results.stream().filter(r -> "TRUNK_FULL".equals(r.variable(DecisionVariables.REASON))
                && "34".equals(r.variable(DecisionVariables.CAUSE))).count();
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
        assertThat(emergency.variable(DecisionVariables.VERDICT)).isEqualTo("ALLOW");
        assertThat(emergency.variable(DecisionVariables.REASON)).isEqualTo("EMERGENCY");
        assertThat(f.inUse()).isEqualTo(3);
    }

    @Test
    void aFullTrunkUnderLoadLogsAFewLinesAMinuteThenHowManyWereLeftOut() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ChannelCapPolicy.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            for (int i = 0; i < 2; i++) {
                await(agi.run(AgiEnvironment.outbound("PJSIP/trunk-a-0000000" + i, "1770003000." + i, "",
                        "0140000000", "0612345678")));
            }
            int refused = 0;
            for (int i = 10; i < 210; i++) {
                AgiSessionResult r = await(agi.run(AgiEnvironment.outbound(String.format("PJSIP/trunk-a-%08x", i),
                        "1770003000." + i, "", "0140000000", "0612345678")));
                if ("TRUNK_FULL".equals(r.variable(DecisionVariables.REASON))) refused++;
            }
            assertThat(refused).isEqualTo(200);
            assertThat(infoLines(lines)).as("lines in the first minute").hasSize(ChannelCapPolicy.FULL_LINES_PER_MINUTE)
                    .allMatch(m -> m.startsWith("trunk trunk-a of account acme is full (2 channels): call 1770003000."));

            f.clock.advance(Duration.ofMinutes(1));
            AgiSessionResult next = await(agi.run(AgiEnvironment.outbound("PJSIP/trunk-a-000000ff", "1770003000.999",
                    "", "0140000000", "0612345678")));
            assertThat(next.variable(DecisionVariables.REASON)).isEqualTo("TRUNK_FULL");
            List<String> all = infoLines(lines);
            assertThat(all).hasSize(ChannelCapPolicy.FULL_LINES_PER_MINUTE + 2);
            assertThat(all.get(all.size() - 2)).isEqualTo("TRUNK_FULL: 190 more calls refused on full trunks, "
                    + "not logged one by one (201 since start)");
            assertThat(all.get(all.size() - 1)).contains("call 1770003000.999 refused");
        } finally {
            logger.detachAppender(lines);
        }
    }

    private static List<String> infoLines(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) {
            return appender.list.stream().filter(e -> e.getLevel() == Level.INFO)
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
