package io.callguard.store;

import io.callguard.reports.ReportsRepository;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The reports module's rates, closed months and number ranges (V17: {@code revenue_share_rate},
 * {@code revenue_share_month}, {@code revenue_share_outcome}, {@code number_range}) in the {@link Store}'s database.
 * Blocking (JDBC). Deleting an account deletes its ranges; a closed month outlives it.
 */
public final class SqlReportsRepository implements ReportsRepository {
    private final Store store;

    public SqlReportsRepository(Store store) { this.store = Objects.requireNonNull(store, "store"); }

    @Override
    public Map<String, BigDecimal> rates() {
        return store.withConnection("read the revenue share rates", c -> {
            Map<String, BigDecimal> out = new LinkedHashMap<>();
            for (Object[] r : Store.select(c, "SELECT target, rate_percent FROM revenue_share_rate ORDER BY target",
                    row -> new Object[]{row.getString(1), row.getBigDecimal(2)})) {
                out.put((String) r[0], (BigDecimal) r[1]);
            }
            return out;
        });
    }

    /** An update, else an insert (the module serialises its writes). */
    @Override
    public void saveRate(String target, BigDecimal ratePercent) {
        store.withConnection("store the revenue share rate of " + target, c -> {
            try (PreparedStatement ps = Store.prepare(c, "UPDATE revenue_share_rate SET rate_percent = ? WHERE target = ?",
                    ratePercent, target)) {
                if (ps.executeUpdate() == 1) return null;
            }
            try (PreparedStatement ps = Store.prepare(c, "INSERT INTO revenue_share_rate (target, rate_percent) VALUES (?, ?)",
                    target, ratePercent)) {
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean deleteRate(String target) {
        return store.withConnection("delete the revenue share rate of " + target, c -> {
            try (PreparedStatement ps = Store.prepare(c, "DELETE FROM revenue_share_rate WHERE target = ?", target)) {
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<NumberRange> ranges() {
        return store.withConnection("list the number ranges", c -> Store.select(c,
                "SELECT account_id, first_number, last_number, created_at FROM number_range ORDER BY first_number",
                row -> new NumberRange(row.getString(1), row.getString(2), row.getString(3), SqlTimes.read(row, 4))));
    }

    /**
     * @throws DuplicateKeyException     a range starts at the same number
     * @throws UnknownReferenceException the account does not exist
     */
    @Override
    public void insertRange(NumberRange range) {
        store.withConnection("store the number range " + range.first() + "-" + range.last(), c -> {
            try (PreparedStatement ps = Store.prepare(c,
                    "INSERT INTO number_range (first_number, last_number, account_id, created_at) VALUES (?, ?, ?, ?)",
                    range.first(), range.last(), range.accountId(), SqlTimes.param(range.createdAt()))) {
                ps.executeUpdate();
            } catch (SQLException e) {
                String state = e.getSQLState();
                if (Store.UNIQUE_VIOLATION.equals(state)) throw new DuplicateKeyException("range " + range.first() + " already exists");
                if (Store.FOREIGN_KEY_VIOLATION.equals(state) || Store.H2_PARENT_MISSING.equals(state)) {
                    throw new UnknownReferenceException("account '" + range.accountId() + "' does not exist");
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public boolean deleteRange(String accountId, String first) {
        return store.withConnection("delete the number range " + first, c -> {
            try (PreparedStatement ps = Store.prepare(c, "DELETE FROM number_range WHERE first_number = ? AND account_id = ?",
                    first, accountId)) {
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<ClosedMonth> closedMonth(YearMonth month) {
        return store.withConnection("read the revenue share month " + month, c -> {
            Optional<Object[]> head = Store.first(Store.select(c, "SELECT closed_at, closed_by FROM revenue_share_month WHERE period_month = ?",
                    row -> new Object[]{SqlTimes.read(row, 1), row.getString(2)}, month.toString()));
            if (head.isEmpty()) return Optional.empty();
            Map<String, Outcome> accounts = new LinkedHashMap<>();
            for (Object[] r : Store.select(c, "SELECT account_id, earned_cents, carried_in_cents, payable, lines "
                            + "FROM revenue_share_outcome WHERE period_month = ? ORDER BY account_id",
                    row -> new Object[]{row.getString(1), new Outcome(row.getBigDecimal(2).setScale(4), row.getBigDecimal(3).setScale(4),
                            row.getBoolean(4), row.getString(5))}, month.toString())) {
                accounts.put((String) r[0], (Outcome) r[1]);
            }
            return Optional.of(new ClosedMonth(month, (java.time.Instant) head.get()[0], (String) head.get()[1], accounts));
        });
    }

    @Override
    public Optional<YearMonth> lastClosed() {
        return store.withConnection("read the last closed revenue share month", c -> Store.first(Store.select(c,
                "SELECT period_month FROM revenue_share_month ORDER BY period_month DESC LIMIT 1", row -> row.getString(1)))
                .map(YearMonth::parse));
    }

    /** One transaction: the month and every outcome, or nothing. */
    @Override
    public void close(ClosedMonth month) {
        store.withConnection("close the revenue share month " + month.month(), c -> Store.inTransaction(c, tx -> {
            try (PreparedStatement ps = Store.prepare(tx, "INSERT INTO revenue_share_month (period_month, closed_at, closed_by) VALUES (?, ?, ?)",
                    month.month().toString(), SqlTimes.param(month.closedAt()), month.closedBy())) {
                ps.executeUpdate();
            } catch (SQLException e) {
                if (Store.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new IllegalStateException("month " + month.month() + " is already closed");
                }
                throw e;
            }
            try (PreparedStatement ps = tx.prepareStatement("INSERT INTO revenue_share_outcome "
                    + "(period_month, account_id, earned_cents, carried_in_cents, payable, lines) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, Outcome> e : month.accounts().entrySet()) {
                    ps.setString(1, month.month().toString());
                    ps.setString(2, e.getKey());
                    ps.setBigDecimal(3, e.getValue().earnedCents());
                    ps.setBigDecimal(4, e.getValue().carriedInCents());
                    ps.setBoolean(5, e.getValue().payable());
                    ps.setString(6, e.getValue().lines());
                    ps.addBatch();
                }
                if (!month.accounts().isEmpty()) ps.executeBatch();
            }
            return null;
        }));
    }
}
