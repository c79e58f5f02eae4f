package io.callguard.store;

import io.callguard.suspension.EndKind;
import io.callguard.suspension.Suspension;
import io.callguard.suspension.SuspensionReason;
import io.callguard.suspension.SuspensionRepository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Suspensions in the {@code suspension} table of the {@link Store}'s database. Blocking (JDBC): call from a worker.
 * Instants are kept to the millisecond (see {@link SqlTimes}): give the service a clock that ticks in milliseconds
 * so that the suspension it holds in memory equals the stored one. Deleting an account deletes its suspensions.
 */
public final class SqlSuspensionRepository implements SuspensionRepository {
    private static final String COLUMNS = "SELECT id, account_id, trunk_id, reason, note, created_by, created_at, "
            + "starts_at, hang_up_live_calls, ended_at, ended_by, ended_how FROM suspension";
    private static final String OLDEST_FIRST = " ORDER BY created_at, id";

    private final Store store;

    public SqlSuspensionRepository(Store store) { this.store = Objects.requireNonNull(store, "store"); }

    /**
     * @throws IllegalStateException     its id is already stored
     * @throws UnknownReferenceException its account does not exist (deleted meanwhile)
     * @throws StoreException            the database failed
     */
    @Override
    public void insert(Suspension s) {
        Objects.requireNonNull(s, "suspension");
        String sql = "INSERT INTO suspension (id, account_id, trunk_id, reason, note, created_by, created_at, starts_at, "
                + "hang_up_live_calls, ended_at, ended_by, ended_how) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = store.connection();
             PreparedStatement ps = Store.prepare(c, sql, s.id(), s.accountId(), s.trunkId(), s.reason().code(),
                     s.note(), s.createdBy(), SqlTimes.param(s.createdAt()), SqlTimes.param(s.startsAt()),
                     s.hangUpLiveCalls(), SqlTimes.param(s.endedAt()), s.endedBy(),
                     s.endedHow() == null ? null : s.endedHow().name())) {
            ps.executeUpdate();
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (Store.UNIQUE_VIOLATION.equals(state)) {
                throw new IllegalStateException("suspension " + s.id() + " is already stored");
            }
            if (Store.FOREIGN_KEY_VIOLATION.equals(state) || Store.H2_PARENT_MISSING.equals(state)) {
                throw new UnknownReferenceException("account '" + s.accountId() + "' does not exist");
            }
            throw store.failure("insert suspension " + s.id(), e);
        }
    }

    /** A conditional update: only a row not ended yet is ended, so of two concurrent lifts one wins. */
    @Override
    public boolean end(String id, EndKind how, String by, Instant at) {
        Objects.requireNonNull(how, "how");
        Objects.requireNonNull(at, "at");
        if (by == null || by.isBlank()) throw new IllegalArgumentException("endedBy: required, got none");
        return store.withConnection("end suspension " + id, c -> {
            try (PreparedStatement ps = Store.prepare(c, "UPDATE suspension SET ended_at = ?, ended_by = ?, "
                    + "ended_how = ? WHERE id = ? AND ended_at IS NULL", SqlTimes.param(at), by, how.name(), id)) {
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<Suspension> listByAccount(String accountId) {
        return store.withConnection("list suspensions of account '" + accountId + "'",
                c -> Store.select(c, COLUMNS + " WHERE account_id = ?" + OLDEST_FIRST, SqlSuspensionRepository::row,
                        accountId));
    }

    @Override
    public List<Suspension> listOpen() {
        return store.withConnection("list open suspensions",
                c -> Store.select(c, COLUMNS + " WHERE ended_at IS NULL" + OLDEST_FIRST, SqlSuspensionRepository::row));
    }

    @Override
    public Optional<Suspension> find(String id) {
        return store.withConnection("find suspension " + id,
                c -> Store.first(Store.select(c, COLUMNS + " WHERE id = ?", SqlSuspensionRepository::row, id)));
    }

    private static Suspension row(ResultSet r) throws SQLException {
        String id = r.getString(1);
        try {
            String how = r.getString(12);
            return new Suspension(id, r.getString(2), r.getString(3), SuspensionReason.fromCode(r.getString(4)),
                    r.getString(5), r.getString(6), SqlTimes.read(r, 7), SqlTimes.read(r, 8), r.getBoolean(9),
                    SqlTimes.read(r, 10), r.getString(11), how == null ? null : EndKind.valueOf(how));
        } catch (IllegalArgumentException e) {
            // A row the domain refuses (a reason code renamed, a hand-edited row): say which, rather than skip it.
            throw new SQLException("suspension row '" + id + "' cannot be read: " + e.getMessage(), e);
        }
    }
}
