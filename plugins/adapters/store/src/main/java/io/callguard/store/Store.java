package io.callguard.store;

import com.zaxxer.hikari.HikariDataSource;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Accounts, trunks and numbers in an H2 file database or PostgreSQL. Every method blocks on JDBC: callers run it
 * off the event loop. Inserts throw {@link DuplicateKeyException} on an existing key; updates and deletes return
 * false when the row does not exist; everything else that fails throws {@link StoreException}.
 * Writes that name an account or trunk that does not exist (or a trunk of another account) throw
 * {@link UnknownReferenceException}. Trunk ids and numbers are unique across all accounts. Thread-safe.
 */
public final class Store implements AutoCloseable {
    static final String UNIQUE_VIOLATION = "23505";
    /** PostgreSQL's foreign-key violation; H2 says 23506 when the parent is missing. */
    static final String FOREIGN_KEY_VIOLATION = "23503";
    static final String H2_PARENT_MISSING = "23506";
    static final String VALUE_TOO_LONG = "22001";

    private static final String ACCOUNT_COLUMNS = "SELECT id, name, max_call_seconds, calls_per_second, activated_on, invoice_day,"
            + " credit_threshold_cents, tariff_plan, monthly_subscription_cents FROM account";
    private static final String TRUNK_COLUMNS = "SELECT id, account_id, kind, channels FROM trunk";
    private static final String NUMBER_COLUMNS = "SELECT did, account_id, trunk_id, " + NumberTariffColumns.SELECT
            + " FROM did_number";

    private final HikariDataSource pool;
    private final String safeUrl;
    private final int queryTimeoutSeconds;

    private Store(HikariDataSource pool, String safeUrl, int queryTimeoutSeconds) {
        this.pool = pool;
        this.safeUrl = safeUrl;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    /**
     * Opens the pool and applies the Flyway migrations. For H2 the database file's directory is created; for a
     * PostgreSQL URL with {@code currentSchema=s}, Flyway creates and migrates schema {@code s}.
     *
     * @throws IllegalArgumentException invalid options, naming the {@code store.*} key
     * @throws StoreException           the database cannot be reached or migrated (the message names the URL
     *                                  without credentials and the driver's reason)
     */
    public static Store open(StoreOptions options) { return open(options, Map.of()); }

    /**
     * Same as {@link #open(StoreOptions)}, then applies each rule module's own migrations, in the map's order, each
     * with its own history table ({@code flyway_history_<module>}) so that a module numbers its versions from V1
     * without clashing with the core's or another module's.
     *
     * @param moduleMigrations module name → its Flyway locations (e.g. {@code classpath:db/caps})
     */
    public static Store open(StoreOptions options, Map<String, List<String>> moduleMigrations) {
        return open(options, moduleMigrations, null);
    }

    /**
     * Same as {@link #open(StoreOptions, Map)}, the pool reporting its connections (in use, idle, pending, acquire
     * and usage times: HikariCP's {@code hikaricp_*} meters) to {@code registry} (null = nowhere).
     */
    public static Store open(StoreOptions options, Map<String, List<String>> moduleMigrations,
                             io.micrometer.core.instrument.MeterRegistry registry) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(moduleMigrations, "moduleMigrations");
        HikariDataSource pool = StoreBootstrap.openAndMigrate(options, moduleMigrations, registry);
        int timeoutSeconds = (int) Math.max(1, options.connectionTimeout().toSeconds());
        return new Store(pool, JdbcUrls.redact(options.jdbcUrl()), timeoutSeconds);
    }

    /** The JDBC URL without credentials, for logs and health pages. */
    public String safeUrl() { return safeUrl; }

    /** Loads every account, trunk and number into the decision path's directory. */
    public void loadInto(InMemoryDirectory directory) {
        Objects.requireNonNull(directory, "directory");
        withConnection("load the directory", c -> {
            c.setReadOnly(true);
            try {
                for (Account a : select(c, ACCOUNT_COLUMNS, Store::account)) directory.put(a);
                for (Trunk t : select(c, TRUNK_COLUMNS, Store::trunk)) directory.put(t);
                for (DidNumber n : select(c, NUMBER_COLUMNS, Store::number)) directory.put(n);
            } finally {
                c.setReadOnly(false);
            }
            return null;
        });
    }

    /** A quick {@code SELECT 1} within the connection timeout; false on any failure, including after close. */
    public boolean isReachable() {
        if (pool.isClosed()) return false;
        requireBlockingAllowed();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(queryTimeoutSeconds);
            try (ResultSet rs = s.executeQuery("SELECT 1")) { return rs.next(); }
        } catch (Exception e) {
            return false;
        }
    }

    public List<Account> listAccounts() {
        return withConnection("list accounts", c -> select(c, ACCOUNT_COLUMNS + " ORDER BY id", Store::account));
    }

    public Optional<Account> findAccount(String id) {
        return withConnection("find account '" + id + "'",
                c -> first(select(c, ACCOUNT_COLUMNS + " WHERE id = ?", Store::account, id)));
    }

    public void insertAccount(Account account) {
        Objects.requireNonNull(account, "account");
        write("insert", "account '" + account.id() + "'", () -> "account '" + account.id() + "'",
                "INSERT INTO account (id, name, max_call_seconds, calls_per_second, activated_on, invoice_day,"
                        + " credit_threshold_cents, tariff_plan, monthly_subscription_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                account.id(), account.name(), account.maxCallSeconds(), orNull(account.callsPerSecond(), Types.INTEGER),
                orNull(account.activatedOn(), Types.DATE), orNull(account.invoiceDay(), Types.INTEGER),
                orNull(account.creditThresholdCents(), Types.BIGINT), account.tariffPlan(),
                orNull(account.monthlySubscriptionCents(), Types.BIGINT));
    }

    public boolean updateAccount(Account account) {
        Objects.requireNonNull(account, "account");
        return write("update", "account '" + account.id() + "'", () -> "account '" + account.id() + "'",
                "UPDATE account SET name = ?, max_call_seconds = ?, calls_per_second = ?, activated_on = ?,"
                        + " invoice_day = ?, credit_threshold_cents = ?, tariff_plan = ?, monthly_subscription_cents = ?"
                        + " WHERE id = ?",
                account.name(), account.maxCallSeconds(), orNull(account.callsPerSecond(), Types.INTEGER),
                orNull(account.activatedOn(), Types.DATE), orNull(account.invoiceDay(), Types.INTEGER),
                orNull(account.creditThresholdCents(), Types.BIGINT), account.tariffPlan(),
                orNull(account.monthlySubscriptionCents(), Types.BIGINT), account.id()) > 0;
    }

    /** Deletes the account with its trunks and numbers. */
    public boolean deleteAccount(String id) {
        return write("delete", "account '" + id + "'", () -> "account '" + id + "'",
                "DELETE FROM account WHERE id = ?", id) > 0;
    }

    public List<Trunk> listTrunks(String accountId) {
        return withConnection("list trunks of account '" + accountId + "'",
                c -> select(c, TRUNK_COLUMNS + " WHERE account_id = ? ORDER BY id", Store::trunk, accountId));
    }

    public Optional<Trunk> findTrunk(String trunkId) {
        return withConnection("find trunk '" + trunkId + "'",
                c -> first(select(c, TRUNK_COLUMNS + " WHERE id = ?", Store::trunk, trunkId)));
    }

    /** @throws UnknownReferenceException the account does not exist */
    public void insertTrunk(Trunk trunk) {
        Objects.requireNonNull(trunk, "trunk");
        write("insert", "trunk '" + trunk.id() + "'", () -> "account '" + trunk.accountId() + "'",
                "INSERT INTO trunk (id, account_id, kind, channels) VALUES (?, ?, ?, ?)",
                trunk.id(), trunk.accountId(), trunk.kind().name(), trunk.channels());
    }

    /** @throws UnknownReferenceException the (new) account does not exist */
    public boolean updateTrunk(Trunk trunk) {
        Objects.requireNonNull(trunk, "trunk");
        return write("update", "trunk '" + trunk.id() + "'", () -> "account '" + trunk.accountId() + "'",
                "UPDATE trunk SET account_id = ?, kind = ?, channels = ? WHERE id = ?",
                trunk.accountId(), trunk.kind().name(), trunk.channels(), trunk.id()) > 0;
    }

    /** Deleting a trunk clears {@code trunkId} of its numbers. */
    public boolean deleteTrunk(String trunkId) {
        return write("delete", "trunk '" + trunkId + "'", () -> "trunk '" + trunkId + "'",
                "DELETE FROM trunk WHERE id = ?", trunkId) > 0;
    }

    public List<DidNumber> listNumbers(String accountId) {
        return withConnection("list numbers of account '" + accountId + "'",
                c -> select(c, NUMBER_COLUMNS + " WHERE account_id = ? ORDER BY did", Store::number, accountId));
    }

    public Optional<DidNumber> findNumber(String number) {
        return withConnection("find number '" + number + "'",
                c -> first(select(c, NUMBER_COLUMNS + " WHERE did = ?", Store::number, number)));
    }

    /** @throws UnknownReferenceException the account or trunk does not exist, or the trunk is another account's */
    public void insertNumber(DidNumber number) {
        Objects.requireNonNull(number, "number");
        requireTrunkOfSameAccount(number);
        write("insert", "number '" + number.number() + "'", () -> missingReferenceOf(number),
                "INSERT INTO did_number (did, account_id, trunk_id, " + NumberTariffColumns.SELECT + ") VALUES (?, ?, ?, "
                        + NumberTariffColumns.PLACEHOLDERS + ")",
                NumberTariffColumns.around(new Object[] {number.number(), number.accountId(), number.trunkId()},
                        number.tariff()));
    }

    /** @throws UnknownReferenceException the account or trunk does not exist, or the trunk is another account's */
    public boolean updateNumber(DidNumber number) {
        Objects.requireNonNull(number, "number");
        requireTrunkOfSameAccount(number);
        return write("update", "number '" + number.number() + "'", () -> missingReferenceOf(number),
                "UPDATE did_number SET account_id = ?, trunk_id = ?, " + NumberTariffColumns.ASSIGN + " WHERE did = ?",
                NumberTariffColumns.around(new Object[] {number.accountId(), number.trunkId()}, number.tariff(),
                        number.number())) > 0;
    }

    public boolean deleteNumber(String number) {
        return write("delete", "number '" + number + "'", () -> "number '" + number + "'",
                "DELETE FROM did_number WHERE did = ?", number) > 0;
    }

    /** Closes the pool; later calls fail with {@link StoreException} and {@link #isReachable()} is false. */
    @Override public void close() { pool.close(); }

    /** Whether the store is PostgreSQL (which several nodes may share), not an H2 file (one node). */
    public boolean postgres() { return pool.getJdbcUrl().startsWith(JdbcUrls.POSTGRES_PREFIX); }

    /**
     * A connection of its own, outside the pool, with the pool's URL and credentials: for a listener that holds it for
     * good ({@link PostgresChangeFeed}). The caller closes it.
     */
    Connection dedicatedConnection(String applicationName) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        if (pool.getUsername() != null) p.setProperty("user", pool.getUsername());
        if (pool.getPassword() != null) p.setProperty("password", pool.getPassword());
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("connectTimeout", String.valueOf(queryTimeoutSeconds));
        p.setProperty("tcpKeepAlive", "true");
        return java.sql.DriverManager.getConnection(pool.getJdbcUrl(), p);
    }

    /** For tests of the schema itself; repositories take their connections from {@link #connection()}. */
    DataSource dataSource() { return pool; }

    /** Every JDBC call of the store and of this package's repositories gets its connection here. */
    Connection connection() throws SQLException {
        requireBlockingAllowed();
        return pool.getConnection();
    }

    /**
     * JDBC blocks: a call from a Vert.x event-loop thread would stall every connection that loop serves. Callers
     * run the store on a worker (the server's "callguard-store" pool); this turns a slip into a loud error in the
     * tests rather than a latency spike in production. (By thread name: the store does not depend on Vert.x.)
     */
    private static void requireBlockingAllowed() {
        if (Thread.currentThread().getName().startsWith("vert.x-eventloop-thread-")) {
            throw new IllegalStateException("blocking JDBC call on the Vert.x event loop ("
                    + Thread.currentThread().getName() + "): run it on the store worker");
        }
    }

    // A DID routed to another client's trunk would count its calls against the wrong channel cap. Checked before
    // the write rather than by a constraint, which would need a composite key that ON DELETE SET NULL cannot clear.
    private void requireTrunkOfSameAccount(DidNumber number) {
        if (number.trunkId() == null) return;
        Optional<Trunk> trunk = findTrunk(number.trunkId());
        if (trunk.isPresent() && !trunk.get().accountId().equals(number.accountId())) {
            throw new UnknownReferenceException("trunk '" + number.trunkId() + "' does not belong to account '"
                    + number.accountId() + "'");
        }
    }

    private String missingReferenceOf(DidNumber number) {
        return findAccount(number.accountId()).isEmpty() ? "account '" + number.accountId() + "'"
                : "trunk '" + number.trunkId() + "'";
    }

    /**
     * Runs one INSERT/UPDATE/DELETE and maps its failure.
     *
     * @param reference names the referenced row a foreign-key violation means is missing (asked only then)
     * @return the number of rows changed
     */
    private int write(String verb, String subject, Supplier<String> reference, String sql, Object... params) {
        try (Connection c = connection(); PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (UNIQUE_VIOLATION.equals(state)) throw new DuplicateKeyException(subject + " already exists");
            if (FOREIGN_KEY_VIOLATION.equals(state) || H2_PARENT_MISSING.equals(state)) {
                throw new UnknownReferenceException(reference.get() + " does not exist");
            }
            if (VALUE_TOO_LONG.equals(state)) {
                throw new IllegalArgumentException(subject + ": a value is longer than the database allows");
            }
            throw failure(verb + " " + subject, e);
        }
    }

    @FunctionalInterface
    interface SqlWork<T> { T run(Connection connection) throws SQLException; }

    /** Runs {@code work} in one transaction on {@code c}: committed when it returns, rolled back when it throws. */
    static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    @FunctionalInterface
    interface RowMapper<T> { T map(ResultSet row) throws SQLException; }

    <T> T withConnection(String what, SqlWork<T> work) {
        try (Connection c = connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    StoreException failure(String what, SQLException e) {
        return new StoreException("cannot " + what + " in " + safeUrl + ": " + e.getMessage(), e);
    }

    static <T> List<T> select(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) rows.add(mapper.map(rs));
            return rows;
        }
    }

    /**
     * A NULL parameter of a given SQL type: PostgreSQL refuses a NULL typed VARCHAR (the default of a plain null
     * parameter) in an INTEGER column.
     */
    record SqlNull(int sqlType) { }

    /** {@code value}, or a NULL of {@code sqlType} when it is null. */
    static Object orNull(Object value, int sqlType) { return value != null ? value : new SqlNull(sqlType); }

    static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                if (params[i] == null) ps.setNull(i + 1, Types.VARCHAR);
                else if (params[i] instanceof SqlNull n) ps.setNull(i + 1, n.sqlType());
                else ps.setObject(i + 1, params[i]);
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static Account account(ResultSet row) throws SQLException {
        int stored = row.getInt(4);
        Integer callsPerSecond = row.wasNull() ? null : stored; // right after getInt: wasNull is about the last read
        LocalDate activatedOn = row.getObject(5, LocalDate.class);
        int day = row.getInt(6);
        Integer invoiceDay = row.wasNull() ? null : day;
        long threshold = row.getLong(7);
        Long creditThresholdCents = row.wasNull() ? null : threshold;
        String plan = row.getString(8);
        long subscription = row.getLong(9);
        Long monthlySubscriptionCents = row.wasNull() ? null : subscription;
        return new Account(row.getString(1), row.getString(2), row.getLong(3), callsPerSecond, activatedOn, invoiceDay,
                creditThresholdCents, plan, monthlySubscriptionCents);
    }

    private static Trunk trunk(ResultSet row) throws SQLException {
        return new Trunk(row.getString(1), row.getString(2), TrunkKind.valueOf(row.getString(3)), row.getInt(4));
    }

    private static DidNumber number(ResultSet row) throws SQLException {
        return new DidNumber(row.getString(1), row.getString(2), row.getString(3), NumberTariffColumns.read(row, 4));
    }
}
