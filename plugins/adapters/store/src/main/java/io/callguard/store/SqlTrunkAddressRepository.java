package io.callguard.store;

import io.callguard.siprates.TrunkAddressRepository;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sip-rates module's trunk sip-addresses ({@code trunk_sip_address}, one row per address in the order written,
 * V13) in the {@link Store}'s database. Blocking (JDBC). Deleting a trunk deletes its rows.
 */
public final class SqlTrunkAddressRepository implements TrunkAddressRepository {
    private final Store store;

    public SqlTrunkAddressRepository(Store store) { this.store = Objects.requireNonNull(store, "store"); }

    @Override
    public Map<String, List<String>> all() {
        return store.withConnection("list the trunks' sip-addresses", c -> {
            Map<String, List<String>> out = new LinkedHashMap<>();
            List<String[]> rows = Store.select(c,
                    "SELECT trunk_id, address FROM trunk_sip_address ORDER BY trunk_id, seq",
                    row -> new String[]{row.getString(1), row.getString(2)});
            for (String[] r : rows) out.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r[1]);
            return out;
        });
    }

    /**
     * Deletes the trunk's rows and inserts the new ones, in one transaction.
     *
     * @throws UnknownReferenceException the trunk does not exist (nothing changed)
     */
    @Override
    public void replace(String trunkId, List<String> addresses) {
        store.withConnection("store the sip-addresses of trunk '" + trunkId + "'", c -> Store.inTransaction(c, tx -> {
            try (PreparedStatement ps = Store.prepare(tx, "DELETE FROM trunk_sip_address WHERE trunk_id = ?", trunkId)) {
                ps.executeUpdate();
            }
            if (addresses.isEmpty()) return null;
            try (PreparedStatement ps = tx.prepareStatement(
                    "INSERT INTO trunk_sip_address (trunk_id, seq, address) VALUES (?, ?, ?)")) {
                for (int i = 0; i < addresses.size(); i++) {
                    ps.setString(1, trunkId);
                    ps.setInt(2, i);
                    ps.setString(3, addresses.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            } catch (SQLException e) {
                if (foreignKey(e)) throw new UnknownReferenceException("trunk '" + trunkId + "' does not exist");
                throw e;
            }
            return null;
        }));
    }

    /** A missing trunk, as PostgreSQL and H2 say it (a batch may wrap the statement's exception). */
    private static boolean foreignKey(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (Store.FOREIGN_KEY_VIOLATION.equals(state) || Store.H2_PARENT_MISSING.equals(state)) return true;
        }
        return false;
    }
}
