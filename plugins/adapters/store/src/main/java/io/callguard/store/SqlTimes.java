package io.callguard.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Instants in {@code TIMESTAMP(3) WITH TIME ZONE} columns. Written truncated to the millisecond: PostgreSQL keeps
 * microseconds at most and rounds, H2 keeps more, so only millisecond instants read back equal on both.
 */
final class SqlTimes {
    private SqlTimes() { }

    /** What is stored for {@code t}, and so what is read back. */
    static Instant stored(Instant t) { return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS); }

    /**
     * A statement parameter for {@code t} (a typed NULL when null): {@code OffsetDateTime.ofInstant(stored(t), UTC)}
     * built without its {@code ZoneRules} lookup (a new rules object per call for a fixed offset) nor the truncated
     * {@code Instant}: the records' writer binds four times per call.
     */
    static Object param(Instant t) {
        if (t == null) return new Store.SqlNull(Types.TIMESTAMP_WITH_TIMEZONE);
        int nanos = t.getNano();
        return OffsetDateTime.of(LocalDateTime.ofEpochSecond(t.getEpochSecond(), nanos - nanos % 1_000_000, ZoneOffset.UTC),
                ZoneOffset.UTC);
    }

    /** The instant in column {@code index}, null for SQL NULL. */
    static Instant read(ResultSet row, int index) throws SQLException {
        OffsetDateTime t = row.getObject(index, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
