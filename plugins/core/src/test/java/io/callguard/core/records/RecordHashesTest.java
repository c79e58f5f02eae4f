package io.callguard.core.records;

import org.junit.jupiter.api.Test;

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
}
