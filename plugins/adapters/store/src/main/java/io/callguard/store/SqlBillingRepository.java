package io.callguard.store;

import io.callguard.credit.balance.Billing;
import io.callguard.credit.balance.BillingRepository;
import io.callguard.credit.balance.Payment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The credit module's billing reports ({@code account_billing}, one row per account) and payments
 * ({@code account_payment}) in the {@link Store}'s database (V10). Blocking (JDBC). Instants kept to the millisecond
 * ({@link SqlTimes}). Deleting an account deletes its rows.
 */
public final class SqlBillingRepository implements BillingRepository {
    private static final String BILLING_COLUMNS = "SELECT account_id, unpaid_cents, as_of, updated_at, updated_by FROM account_billing";
    private static final String PAYMENT_COLUMNS = "SELECT id, account_id, amount_cents, at, recorded_by FROM account_payment";

    private final Store store;

    public SqlBillingRepository(Store store) { this.store = Objects.requireNonNull(store, "store"); }

    /**
     * An update, else an insert: one writer per account at a time (the admin API's writes are serialised by the
     * credit module), so no upsert syntax that H2 and PostgreSQL spell differently.
     *
     * @throws UnknownReferenceException the account does not exist
     */
    @Override
    public void putBilling(Billing b) {
        Objects.requireNonNull(b, "billing");
        store.withConnection("store the billing of account '" + b.accountId() + "'", c -> {
            try (PreparedStatement ps = Store.prepare(c, "UPDATE account_billing SET unpaid_cents = ?, as_of = ?, "
                    + "updated_at = ?, updated_by = ? WHERE account_id = ?", b.unpaidCents(), SqlTimes.param(b.asOf()),
                    SqlTimes.param(b.updatedAt()), b.updatedBy(), b.accountId())) {
                if (ps.executeUpdate() == 1) return null;
            }
            try (PreparedStatement ps = Store.prepare(c, "INSERT INTO account_billing (account_id, unpaid_cents, as_of, "
                    + "updated_at, updated_by) VALUES (?, ?, ?, ?, ?)", b.accountId(), b.unpaidCents(),
                    SqlTimes.param(b.asOf()), SqlTimes.param(b.updatedAt()), b.updatedBy())) {
                ps.executeUpdate();
            } catch (SQLException e) {
                throw mapped(e, b.accountId());
            }
            return null;
        });
    }

    @Override
    public Optional<Billing> billing(String accountId) {
        return store.withConnection("read the billing of account '" + accountId + "'",
                c -> Store.first(Store.select(c, BILLING_COLUMNS + " WHERE account_id = ?", SqlBillingRepository::billing,
                        accountId)));
    }

    @Override
    public List<Billing> billings() {
        return store.withConnection("list the billings",
                c -> Store.select(c, BILLING_COLUMNS + " ORDER BY account_id", SqlBillingRepository::billing));
    }

    /**
     * @throws IllegalStateException     its id is already stored
     * @throws UnknownReferenceException the account does not exist
     */
    @Override
    public void addPayment(Payment p) {
        Objects.requireNonNull(p, "payment");
        store.withConnection("store payment " + p.id(), c -> {
            try (PreparedStatement ps = Store.prepare(c, "INSERT INTO account_payment (id, account_id, amount_cents, at, "
                    + "recorded_by) VALUES (?, ?, ?, ?, ?)", p.id(), p.accountId(), p.amountCents(), SqlTimes.param(p.at()),
                    p.recordedBy())) {
                ps.executeUpdate();
            } catch (SQLException e) {
                if (Store.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new IllegalStateException("payment " + p.id() + " is already stored");
                }
                throw mapped(e, p.accountId());
            }
            return null;
        });
    }

    @Override
    public List<Payment> paymentsSince(String accountId, Instant since) {
        return store.withConnection("list the payments of account '" + accountId + "'",
                c -> Store.select(c, PAYMENT_COLUMNS + " WHERE account_id = ? AND at >= ? ORDER BY at, id",
                        SqlBillingRepository::payment, accountId, SqlTimes.param(since)));
    }

    private static SQLException mapped(SQLException e, String accountId) {
        String state = e.getSQLState();
        if (Store.FOREIGN_KEY_VIOLATION.equals(state) || Store.H2_PARENT_MISSING.equals(state)) {
            throw new UnknownReferenceException("account '" + accountId + "' does not exist");
        }
        return e;
    }

    private static Billing billing(ResultSet row) throws SQLException {
        return new Billing(row.getString(1), row.getLong(2), SqlTimes.read(row, 3), SqlTimes.read(row, 4), row.getString(5));
    }

    private static Payment payment(ResultSet row) throws SQLException {
        return new Payment(row.getString(1), row.getString(2), row.getLong(3), SqlTimes.read(row, 4), row.getString(5));
    }
}
