package io.callguard.records.build;

import io.callguard.asterisk.ami.AmiClient;
import io.callguard.asterisk.ami.AmiOptions;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Gap;
import io.callguard.core.time.MutableClock;
import io.callguard.testkit.ami.EmulatedAmiServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gaps end to end: the emulated Asterisk, the adapter's real AMI client over a socket, the tracker and the builder,
 * all on one manual clock. A lost AMI stream gives one gap from the last frame before the loss to the
 * resynchronisation after it; a call that ended meanwhile has no record, the gap covers it.
 */
class CallRecordGapTest {
    private static final String USER = "callguard";
    private static final String SECRET = "s3cret-Pa55-callguard";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final FrenchNumberingPlan plan = FrenchNumberingPlan.withDefaults();
    private final MutableClock clock = new MutableClock(T0);
    private final List<CallRecord> records = new CopyOnWriteArrayList<>();
    private final List<Gap> gaps = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private EmulatedAmiServer server;
    private AmiClient client;
    private CallRecordBuilder builder;
    private CallTracker tracker;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = new EmulatedAmiServer(vertx, USER, SECRET).clock(clock);
        await(server.start());
        builder = new CallRecordBuilder(clock, plan, "127.0.0.1", Duration.ofHours(3), false, records::add, gaps::add);
        tracker = new CallTracker(clock);
        tracker.addListener(builder);
        // pings every 100 ms, unanswered after 300 ms: a dead link is noticed quickly
        client = new AmiClient(vertx, new AmiOptions("127.0.0.1", server.port(), USER, SECRET, Duration.ofMillis(100),
                Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(300)), tracker, clock);
        client.addEventListener(builder);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) await(client.stop());
        await(server.close());
        await(vertx.close());
    }

    @Test
    void aDeadAmiLinkGivesOneGapFromItsLastFrameToTheResyncAndACallThatEndedMeanwhileHasNoRecord() throws Exception {
        await(server.addChannel("1.1", "1.1", "PJSIP/trunk-a-00000001", "acme", "0140000000", "0612345678", "Up"));
        await(server.addChannel("2.1", "2.1", "PJSIP/trunk-a-00000002", "acme", "0140000000", "0140000001", "Ring"));
        await(client.start());
        until(() -> builder.openCalls() == 2);
        assertThat(gaps).as("the first login is no recovery").isEmpty();

        Instant lastFrame = T0.plusSeconds(10);
        clock.set(lastFrame);
        await(server.answer("2.1"));
        until(() -> tracker.get("2.1").map(c -> c.answeredAt() != null).orElse(false));
        // Asterisk stays up but AMI stops answering: pings go unanswered, the link is declared dead later
        server.unresponsive(true);
        until(() -> builder.lostSince() != null);
        assertThat(builder.lostSince()).isEqualTo(lastFrame);

        clock.set(T0.plusSeconds(25));
        await(server.hangup("1.1", 16)); // unseen: no logged-in session hears it
        Instant resync = T0.plusSeconds(40);
        clock.set(resync);
        server.unresponsive(false);
        until(() -> builder.gaps() == 1);

        assertThat(gaps).containsExactly(new Gap(lastFrame, resync, "AMI_DOWN"));
        assertThat(builder.lostAtResync()).isOne();
        assertThat(builder.openCalls()).isOne();
        assertThat(records).as("1.1 ended during the outage: the gap covers it").isEmpty();

        clock.set(T0.plusSeconds(50));
        await(server.hangup("2.1", 16));
        until(() -> records.size() == 1);
        assertThat(records.get(0).uniqueId()).isEqualTo("2.1");
        assertThat(records.get(0).answeredAt()).isEqualTo(lastFrame);
        assertThat(records.get(0).billableSeconds()).isEqualTo(40);
        assertThat(gaps).hasSize(1);
    }

    @Test
    void anAsteriskRestartGivesAnAsteriskRestartGapCoveringTheCallsItEnded() throws Exception {
        await(server.addChannel("1.1", "1.1", "PJSIP/trunk-a-00000001", "acme", "0140000000", "0612345678", "Up"));
        await(client.start());
        until(() -> builder.openCalls() == 1);

        Instant shutdown = T0.plusSeconds(5);
        clock.set(shutdown);
        // Event: Shutdown (Restart: True) then EOF, as in the asterisk-restart capture, but with no Hangup before it:
        // the call ends unseen
        await(server.shutdown(true));
        until(() -> builder.lostSince() != null);
        Instant resync = T0.plusSeconds(8);
        clock.set(resync);
        await(server.restart());
        until(() -> builder.gaps() == 1);

        assertThat(gaps).containsExactly(new Gap(shutdown, resync, "ASTERISK_RESTART"));
        assertThat(records).isEmpty();
        assertThat(builder.lostAtResync()).isOne();
    }

    private static <T> T await(Future<T> f) throws Exception { return VertxWaits.await(f); }

    private void until(BooleanSupplier condition) throws Exception { VertxWaits.until(vertx, condition); }
}
