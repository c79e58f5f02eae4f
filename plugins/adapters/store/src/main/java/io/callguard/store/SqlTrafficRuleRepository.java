package io.callguard.store;

import io.callguard.traffic.rules.TrafficRuleRepository;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The traffic module's rules ({@code account_traffic_rules}, one row per account, V12) in the {@link Store}'s
 * database. Blocking (JDBC). Deleting an account deletes its row.
 */
public final class SqlTrafficRuleRepository implements TrafficRuleRepository {
    private final Store store;

    public SqlTrafficRuleRepository(Store store) { this.store = Objects.requireNonNull(store, "store"); }

    @Override
    public Optional<String> find(String accountId) {
        return store.withConnection("read the traffic rules of account '" + accountId + "'",
                c -> Store.first(Store.select(c, "SELECT rules FROM account_traffic_rules WHERE account_id = ?",
                        row -> row.getString(1), accountId)));
    }

    @Override
    public Map<String, String> all() {
        return store.withConnection("list the traffic rules", c -> {
            Map<String, String> out = new LinkedHashMap<>();
            List<String[]> rows = Store.select(c, "SELECT account_id, rules FROM account_traffic_rules ORDER BY account_id",
                    row -> new String[]{row.getString(1), row.getString(2)});
            for (String[] r : rows) out.put(r[0], r[1]);
            return out;
        });
    }

    /**
     * An update, else an insert (the module serialises its writes), as the billing reports do.
     *
     * @throws UnknownReferenceException the account does not exist
     */
    @Override
    public void save(String accountId, String rulesText) {
        store.withConnection("store the traffic rules of account '" + accountId + "'", c -> {
            try (PreparedStatement ps = Store.prepare(c, "UPDATE account_traffic_rules SET rules = ? WHERE account_id = ?",
                    rulesText, accountId)) {
                if (ps.executeUpdate() == 1) return null;
            }
            try (PreparedStatement ps = Store.prepare(c, "INSERT INTO account_traffic_rules (account_id, rules) VALUES (?, ?)",
                    accountId, rulesText)) {
                ps.executeUpdate();
            } catch (SQLException e) {
                String state = e.getSQLState();
                if (Store.FOREIGN_KEY_VIOLATION.equals(state) || Store.H2_PARENT_MISSING.equals(state)) {
                    throw new UnknownReferenceException("account '" + accountId + "' does not exist");
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public boolean delete(String accountId) {
        return store.withConnection("delete the traffic rules of account '" + accountId + "'", c -> {
            try (PreparedStatement ps = Store.prepare(c, "DELETE FROM account_traffic_rules WHERE account_id = ?", accountId)) {
                return ps.executeUpdate() == 1;
            }
        });
    }
}
