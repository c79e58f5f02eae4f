package io.callguard.hep;

import io.callguard.core.sip.SipMessageSeen;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HepDecoderTest {
    private final List<SipMessageSeen> seen = new ArrayList<>();
    private final HepIntake intake = new HepIntake(seen::add, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), "");

    @Test
    void decodesEveryChunkAndTheSipFields() throws Exception {
        byte[] d = HepSender.hep("198.51.100.7", HepSender.options(3), 1_765_000_000L, 250_000);
        HepPacket p = new HepDecoder().decode(d, d.length);
        assertThat(p.ipFamily()).isEqualTo(2);
        assertThat(p.ipProtocol()).isEqualTo(17);
        assertThat(p.source().getHostAddress()).isEqualTo("198.51.100.7");
        assertThat(p.destination().getHostAddress()).isEqualTo("192.0.2.1");
        assertThat(p.sourcePort()).isEqualTo(5060);
        assertThat(p.captureId()).isEqualTo(1234);
        assertThat(p.password()).isEqualTo("secret");
        assertThat(p.isSip()).isTrue();

        intake.accept(d, d.length);
        assertThat(seen).singleElement().satisfies(m -> {
            assertThat(m.capturedAt()).isEqualTo(Instant.ofEpochSecond(1_765_000_000L, 250_000_000));
            assertThat(m.request()).isTrue();
            assertThat(m.method()).isEqualTo("OPTIONS");
            assertThat(m.requestUri()).isEqualTo("sip:callguard@192.0.2.1");
            assertThat(m.callId()).isEqualTo("flood-3@198.51.100.7");
            assertThat(m.cseq()).isEqualTo(1);
            assertThat(m.topViaBranch()).isEqualTo("z9hG4bK-3");
        });
    }

    @Test
    void readsIpv6AndAResponseWithCompactHeaders() {
        String sip = "SIP/2.0 200 OK\r\nv: SIP/2.0/UDP [2001:db8::7]:5060 ; branch = z9hG4bKx , SIP/2.0/UDP h;branch=z9hG4bKy\r\n"
                + "i: abc\r\nCSEQ:  42   INVITE\r\nContent-Length: 0\r\n\r\n";
        byte[] d = HepSender.hep("2001:db8::7", sip, 1, 0);
        intake.accept(d, d.length);
        assertThat(seen).singleElement().satisfies(m -> {
            assertThat(m.request()).isFalse();
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(m.method()).isEqualTo("INVITE");
            assertThat(m.cseq()).isEqualTo(42);
            assertThat(m.callId()).isEqualTo("abc");
            assertThat(m.topViaBranch()).isEqualTo("z9hG4bKx");
            assertThat(m.source().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:7");
        });
    }

    @Test
    void malformedDatagramsAreCountedAndTheIntakeGoesOn() {
        byte[] good = HepSender.hep("198.51.100.7", HepSender.options(1), 1, 0);
        byte[] notHep = Arrays.copyOf(good, good.length);
        notHep[3] = '2';
        byte[] truncated = Arrays.copyOf(good, good.length - 10); // the length field says more
        byte[] wrongLength = Arrays.copyOf(good, good.length);
        wrongLength[4] = 0; wrongLength[5] = 7;
        byte[] chunkPastEnd = Arrays.copyOf(good, good.length);
        chunkPastEnd[6 + 4] = 0x7f; // first chunk's length
        byte[] cutChunk = truncatedChunk(good);
        byte[] badSip = HepSender.hep("198.51.100.7", "hello\r\n", 1, 0);
        for (byte[] bad : List.of(notHep, truncated, wrongLength, chunkPastEnd, cutChunk, badSip, new byte[3], new byte[0])) {
            intake.accept(bad, bad.length);
        }
        intake.accept(good, good.length);
        assertThat(intake.counters().malformed()).isEqualTo(8);
        assertThat(intake.counters().delivered()).isEqualTo(1);
        assertThat(seen).hasSize(1);
    }

    @Test
    void aThrowingListenerIsCountedNotFatal() {
        HepIntake failing = new HepIntake(m -> { throw new IllegalStateException("boom"); }, Clock.systemUTC(), "");
        byte[] good = HepSender.hep("198.51.100.7", HepSender.options(1), 1, 0);
        failing.accept(good, good.length);
        failing.accept(good, good.length);
        assertThat(failing.counters().listenerFailures()).isEqualTo(2);
    }

    @Test
    void aConfiguredPasswordDropsPacketsWithoutIt() {
        HepIntake guarded = new HepIntake(seen::add, Clock.systemUTC(), "other");
        byte[] good = HepSender.hep("198.51.100.7", HepSender.options(1), 1, 0);
        guarded.accept(good, good.length);
        assertThat(guarded.counters().badPassword()).isEqualTo(1);
        assertThat(seen).isEmpty();
    }

    @Test
    void aDatagramOverTheMaximumIsCountedMalformed() {
        HepIntake small = new HepIntake(seen::add, Clock.systemUTC(), "", 512);
        byte[] big = HepSender.hep("198.51.100.7", HepSender.options(1) + "x".repeat(600), 1, 0);
        small.accept(big, big.length);
        assertThat(small.counters().malformed()).isEqualTo(1);
        assertThat(seen).isEmpty();
    }

    /** The packet cut in the middle of its last chunk, its total length patched to match: the chunk runs past the end. */
    private static byte[] truncatedChunk(byte[] good) {
        byte[] cut = Arrays.copyOf(good, good.length - 5);
        cut[4] = (byte) (cut.length >> 8);
        cut[5] = (byte) cut.length;
        return cut;
    }
}
