package io.callguard.store;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.audit.AuditQuery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The audit trail in the {@code audit_event} table of the {@link Store}'s database: append-only, ids from an
 * identity column (increasing with each append). Blocking (JDBC): call from a worker. Instants are kept to the
 * millisecond (see {@link SqlTimes}).
 */
public final class SqlAuditLog implements AuditLog {
    private static final String COLUMNS = "SELECT id, at, actor, action, target, before_json, after_json FROM audit_event";

    private final Store store;

    public SqlAuditLog(Store store) { this.store = Objects.requireNonNull(store, "store"); }

    /**
     * @throws IllegalArgumentException a value is longer than its column (actor 200, action 100, target 300)
     * @throws StoreException           the database failed
     */
    @Override
    public void append(AuditEntry e) {
        Objects.requireNonNull(e, "entry");
        String what = "append audit entry " + e.action() + " of " + e.target();
        store.withConnection(what, c -> {
            try (PreparedStatement ps = Store.prepare(c, "INSERT INTO audit_event (at, actor, action, target, "
                    + "before_json, after_json) VALUES (?, ?, ?, ?, ?, ?)", SqlTimes.param(e.at()), e.actor(),
                    e.action(), e.target(), e.before(), e.after())) {
                return ps.executeUpdate();
            } catch (SQLException failure) {
                if (Store.VALUE_TOO_LONG.equals(failure.getSQLState())) {
                    throw new IllegalArgumentException(what + ": a value is longer than the database allows");
                }
                throw failure;
            }
        });
    }

    /** Newest first (highest id first); the target is matched as a prefix, literally ({@code %} and {@code _} too). */
    @Override
    public List<AuditEntry> list(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        StringBuilder sql = new StringBuilder(COLUMNS);
        List<Object> params = new ArrayList<>();
        String glue = " WHERE ";
        if (!query.targetPrefix().isEmpty()) {
            sql.append(glue).append("target LIKE ? ESCAPE '\\'");
            params.add(likePrefix(query.targetPrefix()));
            glue = " AND ";
        }
        if (query.since() != null) {
            sql.append(glue).append("at >= ?");
            params.add(SqlTimes.param(query.since()));
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(query.limit());
        return store.withConnection("list audit entries",
                c -> Store.select(c, sql.toString(), SqlAuditLog::row, params.toArray()));
    }

    private static String likePrefix(String prefix) {
        StringBuilder out = new StringBuilder(prefix.length() + 1);
        for (int i = 0; i < prefix.length(); i++) {
            char ch = prefix.charAt(i);
            if (ch == '%' || ch == '_' || ch == '\\') out.append('\\');
            out.append(ch);
        }
        return out.append('%').toString();
    }

    private static AuditEntry row(ResultSet r) throws SQLException {
        return new AuditEntry(r.getLong(1), SqlTimes.read(r, 2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7));
    }
}
