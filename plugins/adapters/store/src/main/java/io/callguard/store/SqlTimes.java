package io.callguard.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
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

    /** A statement parameter for {@code t} (a typed NULL when null). */
    static Object param(Instant t) {
        return t == null ? new Store.SqlNull(Types.TIMESTAMP_WITH_TIMEZONE)
                : OffsetDateTime.ofInstant(stored(t), ZoneOffset.UTC);
    }

    /** The instant in column {@code index}, null for SQL NULL. */
    static Instant read(ResultSet row, int index) throws SQLException {
        OffsetDateTime t = row.getObject(index, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
