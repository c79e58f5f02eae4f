package io.callguard.hep;

import io.callguard.core.sip.SipMessageSeen;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The collector over a real UDP socket: bad datagrams counted and dropped, the good ones around them delivered. */
class HepCollectorTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception { vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS); }

    @Test
    void malformedDatagramsAreCountedAndTheListenerKeepsGoing() throws Exception {
        List<SipMessageSeen> seen = new CopyOnWriteArrayList<>();
        CountDownLatch twoGood = new CountDownLatch(2);
        HepCollector collector = new HepCollector(vertx, HepOptions.on("127.0.0.1", 0),
                m -> { seen.add(m); twoGood.countDown(); }, Clock.systemUTC());
        int port = collector.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        byte[] good = HepSender.hep("198.51.100.7", HepSender.options(1), 1, 0);
        byte[] notHep = "HEP2 hello".getBytes();
        byte[] wrongLength = Arrays.copyOf(good, good.length);
        wrongLength[5]++;
        byte[] truncatedChunk = Arrays.copyOf(good, good.length - 3);
        truncatedChunk[4] = (byte) (truncatedChunk.length >> 8);
        truncatedChunk[5] = (byte) truncatedChunk.length;
        try (HepSender sender = new HepSender("127.0.0.1", port)) {
            sender.send(good);
            sender.send(notHep);
            sender.send(wrongLength);
            sender.send(truncatedChunk);
            sender.send(good);
        }
        // one socket, one event thread: the datagrams are read in order, so the second good one comes last
        assertThat(twoGood.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(collector.counters().received()).isEqualTo(5);
        assertThat(collector.counters().malformed()).isEqualTo(3);
        assertThat(seen).hasSize(2);
        collector.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLargeInviteIsReceivedWhole() throws Exception {
        List<SipMessageSeen> seen = new CopyOnWriteArrayList<>();
        CountDownLatch one = new CountDownLatch(1);
        HepCollector collector = new HepCollector(vertx, HepOptions.on("127.0.0.1", 0),
                m -> { seen.add(m); one.countDown(); }, Clock.systemUTC());
        int port = collector.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        String invite = "INVITE sip:0100000000@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKbig\r\n"
                + "Call-ID: big\r\nCSeq: 1 INVITE\r\nX-Pad: " + "x".repeat(5000) + "\r\nContent-Length: 0\r\n\r\n";
        try (HepSender sender = new HepSender("127.0.0.1", port)) {
            sender.send(HepSender.hep("198.51.100.7", invite, 1, 0));
        }
        assertThat(one.await(10, TimeUnit.SECONDS)).as("the 5 kB INVITE was delivered, not cut").isTrue();
        assertThat(collector.counters().malformed()).isZero();
        assertThat(seen).singleElement().satisfies(m -> assertThat(m.topViaBranch()).isEqualTo("z9hG4bKbig"));
    }
}
