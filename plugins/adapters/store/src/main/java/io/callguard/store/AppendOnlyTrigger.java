package io.callguard.store;

import org.h2.api.Trigger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * H2's guard of the call records' tables ({@code record_entry}, {@code record_checkpoint}): refuses every UPDATE, and
 * every DELETE but the purge's, which runs in a session whose {@code @CALLGUARD_PURGE} variable is {@code 'on'}
 * ({@link SqlRecordRepository#purge}). The PostgreSQL twin is the plpgsql function {@code record_refuse_change}.
 */
public final class AppendOnlyTrigger implements Trigger {
    /** SQL state of the refusal: PostgreSQL's insufficient_privilege, so that both databases say the same. */
    static final String REFUSED = "42501";
    /** The session variable the purge sets for its own statement. */
    static final String PURGE_VARIABLE = "@CALLGUARD_PURGE";

    private String table;

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type) {
        this.table = tableName;
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        if (newRow == null && purging(conn)) return;
        throw new SQLException("call records are append-only: " + (newRow == null ? "DELETE" : "UPDATE") + " on "
                + table + " refused", REFUSED);
    }

    private static boolean purging(Connection conn) throws SQLException {
        try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery("SELECT " + PURGE_VARIABLE)) {
            return r.next() && "on".equals(r.getString(1));
        }
    }
}
