package io.callguard.store;

import io.callguard.incidents.Incident;
import io.callguard.incidents.IncidentRepository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The incidents module's tickets (R12) in the {@link Store}'s {@code incident} table (V16). Blocking (JDBC). Deleting
 * an account deletes its tickets.
 */
public final class SqlIncidentRepository implements IncidentRepository {
    private static final String COLUMNS = "SELECT id, account_id, service, opened_at, restored_at, notes, created_at,"
            + " created_by FROM incident";
    private static final String ORDER = " ORDER BY account_id, opened_at, id";

    private final Store store;

    public SqlIncidentRepository(Store store) { this.store = Objects.requireNonNull(store, "store"); }

    /**
     * @throws IllegalStateException     its id is already stored
     * @throws UnknownReferenceException its account does not exist (deleted meanwhile)
     * @throws StoreException            the database failed
     */
    @Override
    public void insert(Incident i) {
        Objects.requireNonNull(i, "incident");
        String sql = "INSERT INTO incident (id, account_id, service, opened_at, restored_at, notes, created_at, created_by)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = store.connection();
             PreparedStatement ps = Store.prepare(c, sql, i.id(), i.accountId(), i.service(), SqlTimes.param(i.openedAt()),
                     SqlTimes.param(i.restoredAt()), i.notes(), SqlTimes.param(i.createdAt()), i.createdBy())) {
            ps.executeUpdate();
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (Store.UNIQUE_VIOLATION.equals(state)) throw new IllegalStateException("incident " + i.id() + " is already stored");
            if (Store.FOREIGN_KEY_VIOLATION.equals(state) || Store.H2_PARENT_MISSING.equals(state)) {
                throw new UnknownReferenceException("account '" + i.accountId() + "' does not exist");
            }
            throw store.failure("insert incident " + i.id(), e);
        }
    }

    @Override
    public boolean update(Incident i) {
        Objects.requireNonNull(i, "incident");
        return store.withConnection("update incident " + i.id(), c -> {
            try (PreparedStatement ps = Store.prepare(c,
                    "UPDATE incident SET service = ?, opened_at = ?, restored_at = ?, notes = ? WHERE id = ?",
                    i.service(), SqlTimes.param(i.openedAt()), SqlTimes.param(i.restoredAt()), i.notes(), i.id())) {
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Incident> find(String id) {
        return store.withConnection("find incident " + id,
                c -> Store.first(Store.select(c, COLUMNS + " WHERE id = ?", SqlIncidentRepository::incident, id)));
    }

    @Override
    public boolean delete(String id) {
        return store.withConnection("delete incident " + id, c -> {
            try (PreparedStatement ps = Store.prepare(c, "DELETE FROM incident WHERE id = ?", id)) {
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<Incident> byAccount(String accountId) {
        return store.withConnection("list the incidents of account '" + accountId + "'",
                c -> Store.select(c, COLUMNS + " WHERE account_id = ?" + ORDER, SqlIncidentRepository::incident, accountId));
    }

    @Override
    public List<Incident> restoredWithin(String accountId, Instant from, Instant to) {
        String period = "((restored_at >= ? AND restored_at < ?) OR (restored_at IS NULL AND opened_at < ?))";
        Object f = SqlTimes.param(from);
        Object t = SqlTimes.param(to);
        return store.withConnection("list the incidents restored from " + from + " to " + to, c -> accountId == null
                ? Store.select(c, COLUMNS + " WHERE " + period + ORDER, SqlIncidentRepository::incident, f, t, t)
                : Store.select(c, COLUMNS + " WHERE account_id = ? AND " + period + ORDER, SqlIncidentRepository::incident,
                        accountId, f, t, t));
    }

    private static Incident incident(ResultSet row) throws SQLException {
        return new Incident(row.getString(1), row.getString(2), row.getString(3), SqlTimes.read(row, 4),
                SqlTimes.read(row, 5), row.getString(6), SqlTimes.read(row, 7), row.getString(8));
    }
}
