package io.callguard.core.records;

import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.rating.CallRating;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RecordHashesTest {
    private static String fast(Instant t) {
        StringBuilder b = new StringBuilder();
        RecordHashes.appendTime(b, t);
        return b.toString();
    }

    private static String expected(Instant t) { return t.truncatedTo(ChronoUnit.MILLIS).toString(); }

    @Test
    void timesAreWrittenExactlyAsInstantToStringWritesThemToTheMillisecond() {
        for (String s : new String[] {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00.001Z", "2026-12-06T10:00:00Z",
                "2026-12-06T10:00:00.120Z", "2026-12-06T10:00:59.999999999Z", "2000-02-29T12:00:00Z",
                "2024-02-29T23:59:59.500Z", "2100-03-01T00:00:00Z", "1999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z",
                "1969-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"}) {
            Instant t = Instant.parse(s);
            assertThat(fast(t)).as(s).isEqualTo(expected(t));
        }
    }

    @Test
    void randomTimesFrom1970To9999MatchInstantToString() {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 200_000; i++) {
            long secs = random.nextLong(253_402_300_800L);
            // a third on whole seconds, a third on whole minutes: the forms that drop or keep the fraction
            int nanos = switch (i % 3) { case 0 -> 0; case 1 -> random.nextInt(1000) * 1_000_000; default -> random.nextInt(1_000_000_000); };
            if (i % 5 == 0) secs -= secs % 60;
            Instant t = Instant.ofEpochSecond(secs, nanos);
            assertThat(fast(t)).as("%d.%09d", secs, nanos).isEqualTo(expected(t));
        }
    }

    /** A value of {@code length} characters: ASCII, or with accents, escapes and a character beyond the BMP. */
    private static String value(SplittableRandom random, int length, boolean plainAscii) {
        String alphabet = plainAscii ? "0123456789abcdefXYZ.-_+ " : "0123456789ab\u00e9\u00e8\\\n\r\ud83d\ude00x";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return b.toString();
    }

    @Test
    void hashOfAgreesWithTheHashOfTheCanonicalTextWhateverTheValues() {
        SplittableRandom random = new SplittableRandom(7);
        Instant t0 = Instant.parse("2026-12-07T10:00:00.123Z");
        for (int i = 0; i < 3_000; i++) {
            // short and long entries alternate on this thread: the scratch kept after a long entry must not leak
            // into the next one's bytes (lengths up to 3 x 5,000 characters, beyond the scratch's kept size)
            int length = i % 7 == 0 ? random.nextInt(5_000) : random.nextInt(20);
            boolean ascii = i % 3 != 0;
            Instant started = t0.plusMillis(random.nextInt(1_000_000));
            CallRecord call = new CallRecord("u" + i, "l" + i, "acct", "trunk", Direction.OUTBOUND,
                    value(random, length, ascii), value(random, length, ascii), value(random, length, true),
                    NumberCategory.MOBILE, "", "ALLOW", "", started, null, started.plusSeconds(5), 0,
                    Disposition.NO_ANSWER, i % 2 == 0 ? null : 16, "ast1", false);
            Gap gap = new Gap(started, started.plusSeconds(9), "AMI_DOWN");
            if (i % 4 == 1) call = call.withRating(new CallRating("pro", 3, "mobile", 95, new BigDecimal("23.75")));
            CallRecord entryCall = i % 5 == 4 ? null : call;
            Gap entryGap = entryCall == null ? gap : null;
            String prev = RecordHashes.hash("prev " + i);
            String expected = RecordHashes.hash(RecordHashes.canonical("node-a", i + 1, t0, entryCall, entryGap, prev));
            assertThat(RecordHashes.hashOf("node-a", i + 1, t0, entryCall, entryGap, prev)).as("entry %d", i)
                    .isEqualTo(expected);
        }
    }
}
