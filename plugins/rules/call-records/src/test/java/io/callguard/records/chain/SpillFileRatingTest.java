package io.callguard.records.chain;

import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.InMemoryRecordRepository;
import io.callguard.core.records.RecordEntry;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.callguard.records.chain.Calls.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** A record's rating survives the spill file, and a file written before rating existed still reads back. */
class SpillFileRatingTest {
    @TempDir Path dir;

    private static CallRecord rated(int n) {
        return Calls.call(n).withRating(new CallRating("pro\tplan", 2, "mobile", 30 + n, new BigDecimal("0.25")
                .multiply(BigDecimal.valueOf(30 + n))));
    }

    @Test
    void aRatedRecordIsEncodedAndReadBackWithItsRatingAndAnUnratedOneAsBefore() {
        assertThat(SpillFile.decode(SpillFile.encode(rated(7)))).isEqualTo(rated(7));
        assertThat(SpillFile.decode(SpillFile.encode(Calls.call(7)))).isEqualTo(Calls.call(7));
        // a line of a file written before rating existed (21 fields): unrated
        String before = "C\t1733480000.1\t1733480000.1\tacme\tacme-trunk\tOUTBOUND\t0140000000\t0612345678\t0612345678\t"
                + "MOBILE\t\tALLOW\t\t2026-12-06T09:59:31Z\t2026-12-06T09:59:36Z\t2026-12-06T10:00:01Z\t25\tANSWERED\t16\tast1\tfalse";
        assertThat(SpillFile.decode(before)).isEqualTo(Calls.call(1));
    }

    @Test
    void ratedRecordsThatSpilledWhileTheStoreWasDownAreChainedWithTheirRating() {
        InMemoryRecordRepository repo = new InMemoryRecordRepository();
        MutableClock clock = new MutableClock(T0.plusSeconds(3600));
        RecordWriter w = new RecordWriter(repo, Calls.options(dir, ChainOptions.QUEUE_CAPACITY, "2"), clock, null,
                Runnable::run);
        w.open();
        repo.failWith(new RuntimeException("down"));
        for (int i = 1; i <= 6; i++) w.submit(i % 2 == 0 ? Calls.call(i) : rated(i));
        assertThat(w.spilled()).isPositive();
        repo.failWith(null);
        while (w.flush() > 0) clock.advance(Duration.ofMillis(200));
        w.stop();

        List<RecordEntry> all = new ArrayList<>();
        repo.scan("node-a", 1, all::add);
        assertThat(all).extracting(RecordEntry::call)
                .containsExactly(rated(1), Calls.call(2), rated(3), Calls.call(4), rated(5), Calls.call(6));
        assertThat(all).allMatch(RecordEntry::hashHolds);
    }
}
