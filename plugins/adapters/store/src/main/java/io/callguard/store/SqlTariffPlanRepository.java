package io.callguard.store;

import io.callguard.core.numbering.NumberCategory;
import io.callguard.credit.rating.TariffPlan;
import io.callguard.credit.rating.TariffPlanRepository;
import io.callguard.credit.rating.TariffRate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Tariff plans in the {@code tariff_plan} and {@code tariff_rate} tables of the {@link Store}'s database (V9). A
 * version is inserted with its lines in one transaction and never updated. Blocking (JDBC): call from a worker.
 * Instants are kept to the millisecond ({@link SqlTimes}).
 */
public final class SqlTariffPlanRepository implements TariffPlanRepository {
    private static final String RATE_COLUMNS = "SELECT rate_id, destination, prefix, is_free, connection_fee_cents, "
            + "per_minute_cents, service_per_minute_cents, service_per_call_cents, first_increment_seconds, "
            + "next_increment_seconds FROM tariff_rate WHERE plan_id = ? AND plan_version = ? ORDER BY line_no";

    private final Store store;

    public SqlTariffPlanRepository(Store store) { this.store = Objects.requireNonNull(store, "store"); }

    /**
     * @throws IllegalStateException this version is already stored
     * @throws StoreException        the database failed (nothing of the version is stored)
     */
    @Override
    public void insert(TariffPlan plan) {
        Objects.requireNonNull(plan, "plan");
        try (Connection c = store.connection()) {
            Store.inTransaction(c, tx -> {
                try (PreparedStatement ps = Store.prepare(c, "INSERT INTO tariff_plan (plan_id, plan_version, name, "
                        + "created_at, created_by) VALUES (?, ?, ?, ?, ?)", plan.id(), plan.version(), plan.name(),
                        SqlTimes.param(plan.createdAt()), plan.createdBy())) {
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO tariff_rate (plan_id, plan_version, line_no, "
                        + "rate_id, destination, prefix, is_free, connection_fee_cents, per_minute_cents, "
                        + "service_per_minute_cents, service_per_call_cents, first_increment_seconds, "
                        + "next_increment_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    int line = 0;
                    for (TariffRate r : plan.rates()) {
                        ps.setString(1, plan.id());
                        ps.setInt(2, plan.version());
                        ps.setInt(3, ++line);
                        ps.setString(4, r.id());
                        ps.setString(5, r.destination().name());
                        ps.setString(6, r.prefix());
                        ps.setBoolean(7, r.free());
                        ps.setBigDecimal(8, r.connectionFeeCents());
                        ps.setBigDecimal(9, r.perMinuteCents());
                        ps.setBigDecimal(10, r.serviceChargePerMinuteCents());
                        ps.setBigDecimal(11, r.serviceChargePerCallCents());
                        ps.setInt(12, r.firstIncrementSeconds());
                        ps.setInt(13, r.nextIncrementSeconds());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            if (Store.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new IllegalStateException("tariff plan " + plan.id() + " version " + plan.version()
                        + " is already stored");
            }
            throw store.failure("insert tariff plan " + plan.id() + " version " + plan.version(), e);
        }
    }

    @Override
    public Optional<TariffPlan> find(String planId, int version) {
        return store.withConnection("find tariff plan " + planId + " version " + version, c -> {
            Optional<Object[]> head = Store.first(Store.select(c, "SELECT name, created_at, created_by FROM tariff_plan "
                    + "WHERE plan_id = ? AND plan_version = ?",
                    r -> new Object[] {r.getString(1), SqlTimes.read(r, 2), r.getString(3)}, planId, version));
            if (head.isEmpty()) return Optional.empty();
            List<TariffRate> rates = Store.select(c, RATE_COLUMNS, SqlTariffPlanRepository::rate, planId, version);
            Object[] h = head.get();
            return Optional.of(new TariffPlan(planId, version, (String) h[0], (java.time.Instant) h[1], (String) h[2],
                    rates));
        });
    }

    @Override
    public Map<String, Integer> latestVersions() {
        return store.withConnection("list tariff plans", c -> {
            Map<String, Integer> out = new HashMap<>();
            for (Object[] row : Store.select(c, "SELECT plan_id, MAX(plan_version) FROM tariff_plan GROUP BY plan_id",
                    r -> new Object[] {r.getString(1), r.getInt(2)})) {
                out.put((String) row[0], (Integer) row[1]);
            }
            return out;
        });
    }

    private static TariffRate rate(ResultSet r) throws SQLException {
        String id = r.getString(1);
        try {
            return new TariffRate(id, NumberCategory.valueOf(r.getString(2)), r.getString(3), r.getBoolean(4),
                    r.getBigDecimal(5), r.getBigDecimal(6), r.getBigDecimal(7), r.getBigDecimal(8), r.getInt(9),
                    r.getInt(10));
        } catch (IllegalArgumentException e) {
            // a destination renamed, a hand-edited row: say which rather than skip it
            throw new SQLException("tariff_rate row '" + id + "' cannot be read: " + e.getMessage(), e);
        }
    }
}
