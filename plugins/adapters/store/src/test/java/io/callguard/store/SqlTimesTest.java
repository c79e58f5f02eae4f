package io.callguard.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SqlTimesTest {
    @Test
    void aParameterIsTheInstantTruncatedToTheMillisecondInUtcAsOffsetDateTimeOfInstantMakesIt() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            // before and after 1970, on whole seconds and not: the truncation of a negative epoch second included
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_800L),
                    i % 4 == 0 ? 0 : random.nextInt(1_000_000_000));
            assertThat(SqlTimes.param(t)).as("%s", t)
                    .isEqualTo(OffsetDateTime.ofInstant(SqlTimes.stored(t), ZoneOffset.UTC));
        }
    }

    @Test
    void aNullInstantIsATypedSqlNull() {
        assertThat(SqlTimes.param(null)).isInstanceOf(Store.SqlNull.class);
    }
}
