package io.callguard.asterisk.ami;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AmiFramerTest {
    /** What a framer delivered: "banner:" lines, frames, "oversized". */
    private static final class Recorder implements AmiFramer.Handler {
        final List<String> out = new ArrayList<>();
        @Override public boolean banner(String line) {
            out.add("banner:" + line);
            return !line.isBlank();
        }
        @Override public void frame(byte[] bytes, int from, int to) {
            out.add(new String(bytes, from, to - from, StandardCharsets.UTF_8));
        }
        @Override public void oversized() { out.add("oversized"); }
    }

    /** RecordParser's cut of the same stream (the framing the client used before). */
    private static List<String> recordParser(String stream) {
        List<String> out = new ArrayList<>();
        RecordParser[] parser = new RecordParser[1];
        boolean[] framing = new boolean[1];
        parser[0] = RecordParser.newDelimited("\r\n", r -> {
            String s = r.toString(StandardCharsets.UTF_8);
            if (!framing[0]) {
                out.add("banner:" + s);
                if (!s.isBlank()) {
                    framing[0] = true;
                    parser[0].delimitedMode("\r\n\r\n");
                }
            } else {
                out.add(s);
            }
        });
        parser[0].handle(Buffer.buffer(stream));
        return out;
    }

    @Test
    void cutsTheStreamAsARecordParserDoesWhateverTheReadBoundaries() {
        StringBuilder sb = new StringBuilder("\r\nAsterisk Call Manager/11.0.0\r\n");
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            sb.append("Event: ").append(i % 3 == 0 ? "Hangup" : "VarSet").append("\r\nUniqueid: 1.").append(i);
            if (i % 7 == 0) sb.append("\r\nOdd: a\nb\r\r\n\n\r");
            if (i % 11 == 0) sb.append("\r\nData: ").append("é".repeat(random.nextInt(200)));
            sb.append("\r\n\r\n");
            if (i % 13 == 0) sb.append("\r\n\r\n"); // an empty frame
        }
        String stream = sb.toString();
        List<String> expected = recordParser(stream);
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 50; round++) {
            Recorder r = new Recorder();
            AmiFramer framer = new AmiFramer(64 * 1024, r);
            int max = round == 0 ? bytes.length : 1 + random.nextInt(round < 10 ? 8 : 3000);
            for (int at = 0; at < bytes.length; ) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(max));
                framer.feed(Buffer.buffer().appendBytes(bytes, at, n));
                at += n;
            }
            assertThat(r.out).as("reads of up to %d bytes", max).isEqualTo(expected);
        }
    }

    @Test
    void aFrameOverTheBoundIsReportedOnceAndNothingFollows() {
        Recorder r = new Recorder();
        AmiFramer framer = new AmiFramer(100, r);
        framer.feed(Buffer.buffer("Asterisk Call Manager/11.0.0\r\nEvent: A\r\n\r\n"));
        framer.feed(Buffer.buffer("Event: B\r\nData: " + "x".repeat(60)));
        framer.feed(Buffer.buffer("x".repeat(60)));
        framer.feed(Buffer.buffer("\r\n\r\nEvent: C\r\n\r\n"));
        assertThat(r.out).containsExactly("banner:Asterisk Call Manager/11.0.0", "Event: A", "oversized");

        Recorder whole = new Recorder();
        AmiFramer inOneRead = new AmiFramer(100, whole);
        inOneRead.feed(Buffer.buffer("Banner\r\nEvent: B\r\nData: " + "x".repeat(120) + "\r\n\r\nEvent: C\r\n\r\n"));
        assertThat(whole.out).containsExactly("banner:Banner", "oversized");
    }
}
