package io.callguard.bench;

import io.callguard.testkit.CaptureAssumptions;
import io.callguard.testkit.ami.AmiCapture;
import io.callguard.testkit.ami.AmiFrame;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What a logged-in AMI client receives from the companion, per call, over a real socket. */
class AmiCompanionTest {
    private Vertx vertx;
    private AmiCompanion companion;
    private final BlockingQueue<AmiFrame> received = new LinkedBlockingQueue<>();
    private final BenchCall.Factory calls = new BenchCall.Factory("outbound", 8, 4);

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        AsteriskCallFrames frames = AsteriskCallFrames.fromCapture(AmiCapture.read(
                CaptureAssumptions.requireScenarioFile("outbound-answered", "ami.txt")), "outbound-answered");
        companion = new AmiCompanion(vertx, AmiCompanion.Mode.ASTERISK, frames, Duration.ZERO, Duration.ZERO);
        int port = FreePort.find();
        companion.start(port).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // One login in a few seconds; a second connection if the first was not logged in by then (an unexplained
        // rare stall of this harness test's first login, seen once in three runs on a quiet machine).
        for (int attempt = 1; companion.loggedInSessions() == 0; attempt++) {
            assertThat(attempt).as("logged in within 3 attempts").isLessThanOrEqualTo(3);
            NetSocket socket = vertx.createNetClient().connect(port, "127.0.0.1").toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            RecordParser parser = RecordParser.newDelimited("\r\n\r\n", b -> {
                String text = b.toString();
                // the greeting line comes first, without a blank line of its own
                if (text.startsWith("Asterisk Call Manager")) text = text.substring(text.indexOf("\r\n") + 2);
                if (!text.isBlank()) received.add(AmiFrame.parse(text));
            });
            socket.handler(parser);
            socket.write("Action: Login\r\nUsername: " + AmiCompanion.USERNAME + "\r\nSecret: " + AmiCompanion.SECRET
                    + "\r\nActionID: 1\r\n\r\n");
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                 companion.loggedInSessions() == 0 && System.nanoTime() < end; ) {
                Thread.onSpinWait();
            }
            if (companion.loggedInSessions() == 0) socket.close();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        companion.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAllowedCallIsAnnouncedThenDialledAnsweredAndHungUpOnBothLegs() throws Exception {
        BenchCall call = calls.next();
        companion.callStarts(call).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        companion.callDecided(call, "ALLOW", null);

        List<AmiFrame> frames = events(8);
        assertThat(frames).extracting(AmiFrame::event).containsExactly("Newchannel", "Newchannel",
                "DialBegin", "Newstate", "DialEnd", "Newstate", "Hangup", "Hangup");
        assertThat(frames).extracting(f -> f.get("Linkedid")).containsOnly(call.uniqueId());
        assertThat(frames).filteredOn(f -> "Newstate".equals(f.event())).extracting(f -> f.get("ChannelStateDesc"))
                .containsOnly("Up");
        assertThat(frames.get(0).get("Uniqueid")).isEqualTo(call.uniqueId());
        assertThat(frames.get(1).get("Uniqueid")).isEqualTo(call.calleeUniqueId());
        assertThat(frames.get(7).get("Uniqueid")).isEqualTo(call.calleeUniqueId());
    }

    @Test
    void aDeniedCallHangsUpWithItsCauseAndAKeptCallOnlyAtHangUpAll() throws Exception {
        BenchCall denied = calls.next();
        companion.callStarts(denied);
        companion.callDecided(denied, "DENY", "34");
        List<AmiFrame> frames = events(2);
        assertThat(frames).extracting(AmiFrame::event).containsExactly("Newchannel", "Hangup");
        assertThat(frames.get(1).get("Cause")).isEqualTo("34");

        companion.keepAnsweredCalls(true);
        BenchCall kept = calls.next();
        companion.callStarts(kept);
        companion.callDecided(kept, "ALLOW", null);
        assertThat(events(6)).extracting(AmiFrame::event).doesNotContain("Hangup");
        assertThat(companion.keptCalls()).isEqualTo(1);
        companion.hangUpAll().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(events(2)).extracting(AmiFrame::event).containsExactly("Hangup", "Hangup");
        assertThat(companion.keptCalls()).isZero();
    }

    /** The next {@code n} channel events (login response and session events skipped). */
    private List<AmiFrame> events(int n) throws InterruptedException {
        List<AmiFrame> out = new java.util.ArrayList<>();
        while (out.size() < n) {
            AmiFrame f = received.poll(10, TimeUnit.SECONDS);
            assertThat(f).as("frame %d of %d", out.size() + 1, n).isNotNull();
            if (f.event() != null && AsteriskCallFrames.SHIPPED_FILTER.contains(f.event())) out.add(f);
        }
        return out;
    }

    /** A port free at the time of asking (the companion listens on a fixed port, as in the bench). */
    private static final class FreePort {
        static int find() throws java.io.IOException {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                return s.getLocalPort();
            }
        }
    }
}
