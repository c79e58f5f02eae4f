package io.callguard.store;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.directory.AlreadyStoredException;
import io.callguard.directory.DirectoryRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every database behind {@link Store} must do; subclasses say which database. */
abstract class StoreContractTest {
    protected Store store;

    /** Options of a database this class owns: each test empties it first. */
    protected abstract StoreOptions options();

    /** Skips (or fails) each test when the database under test is not there; runs before the store opens. */
    protected void assumeDatabaseAvailable() { }

    @BeforeEach
    void openEmptyStore() {
        assumeDatabaseAvailable();
        store = Store.open(options());
        for (Account account : store.listAccounts()) store.deleteAccount(account.id());
    }

    @AfterEach
    void closeStore() { if (store != null) store.close(); }

    /** The store under test, open and empty of accounts (for the contract interfaces the subclasses implement). */
    public Store store() { return store; }

    /** The options of the database under test, to open it again. */
    public StoreOptions storeOptions() { return options(); }

    private static final Account ACME = new Account("acme", "ACME SA", 7200);
    private static final Account GLOBEX = new Account("globex", "Globex", 3600);
    private static final Trunk ACME_T0 = new Trunk("acme-t0", "acme", TrunkKind.T0_IP, 2);
    private static final Trunk ACME_T2 = new Trunk("acme-t2", "acme", TrunkKind.T2_IP, 30);

    @Test
    void accountsAreInsertedFoundListedUpdatedAndDeleted() {
        store.insertAccount(GLOBEX);
        store.insertAccount(ACME);
        assertThat(store.findAccount("acme")).contains(ACME);
        assertThat(store.listAccounts()).containsExactly(ACME, GLOBEX);

        Account renamed = new Account("acme", "ACME Group", 600);
        assertThat(store.updateAccount(renamed)).isTrue();
        assertThat(store.findAccount("acme")).contains(renamed);
        assertThat(store.updateAccount(new Account("ghost", "Nobody", 60))).isFalse();

        assertThat(store.deleteAccount("acme")).isTrue();
        assertThat(store.deleteAccount("acme")).isFalse();
        assertThat(store.findAccount("acme")).isEmpty();
        assertThat(store.listAccounts()).containsExactly(GLOBEX);
    }

    @Test
    void anAccountKeepsItsBillingDatesTheAnniversaryAndTheInvoiceDayTheBackOfficeSet() {
        Account anniversary = new Account("acme", "ACME SA", 7200, null, java.time.LocalDate.parse("2024-01-31"), null);
        Account both = new Account("globex", "Globex", 3600, 2, java.time.LocalDate.parse("2023-06-15"), 28);
        Account none = new Account("initech", "Initech", 3600, null);
        store.insertAccount(anniversary);
        store.insertAccount(both);
        store.insertAccount(none);
        assertThat(store.listAccounts()).containsExactly(anniversary, both, none);

        Account daySet = new Account("acme", "ACME SA", 7200, null, java.time.LocalDate.parse("2024-01-31"), 5);
        assertThat(store.updateAccount(daySet)).isTrue();
        Account cleared = new Account("globex", "Globex", 3600, 2);
        assertThat(store.updateAccount(cleared)).isTrue();
        assertThat(store.findAccount("acme")).contains(daySet);
        assertThat(store.findAccount("globex")).contains(cleared);
        InMemoryDirectory loaded = new InMemoryDirectory();
        store.loadInto(loaded);
        assertThat(loaded.account("acme")).contains(daySet);
    }

    @Test
    void anAccountKeepsItsOwnCallsPerSecondOrNoneMeaningThePolicyDefault() {
        Account limited = new Account("acme", "ACME SA", 7200, 5);
        Account unlimited = new Account("globex", "Globex", 3600, 0);
        Account byDefault = new Account("initech", "Initech", 3600, null);
        store.insertAccount(limited);
        store.insertAccount(unlimited);
        store.insertAccount(byDefault);
        assertThat(store.findAccount("acme")).contains(limited);
        assertThat(store.findAccount("globex")).contains(unlimited);
        assertThat(store.findAccount("initech").orElseThrow().callsPerSecond()).isNull();

        Account backToDefault = new Account("acme", "ACME SA", 7200, null);
        assertThat(store.updateAccount(backToDefault)).isTrue();
        assertThat(store.findAccount("acme")).contains(backToDefault);
        Account raised = new Account("initech", "Initech", 3600, 1000);
        assertThat(store.updateAccount(raised)).isTrue();
        assertThat(store.listAccounts()).containsExactly(backToDefault, unlimited, raised);

        InMemoryDirectory directory = new InMemoryDirectory();
        store.loadInto(directory);
        assertThat(directory.account("initech")).contains(raised);
    }

    @Test
    void trunksAreInsertedFoundListedUpdatedAndDeleted() {
        store.insertAccount(ACME);
        store.insertAccount(GLOBEX);
        store.insertTrunk(ACME_T2);
        store.insertTrunk(ACME_T0);
        store.insertTrunk(new Trunk("globex-1", "globex", TrunkKind.OTHER, 5));
        assertThat(store.findTrunk("acme-t0")).contains(ACME_T0);
        assertThat(store.listTrunks("acme")).containsExactly(ACME_T0, ACME_T2);

        Trunk widened = new Trunk("acme-t0", "acme", TrunkKind.OTHER, 0);
        assertThat(store.updateTrunk(widened)).isTrue();
        assertThat(store.findTrunk("acme-t0")).contains(widened);
        assertThat(store.updateTrunk(new Trunk("ghost", "acme", TrunkKind.T0_IP, 2))).isFalse();

        assertThat(store.deleteTrunk("acme-t0")).isTrue();
        assertThat(store.deleteTrunk("acme-t0")).isFalse();
        assertThat(store.listTrunks("acme")).containsExactly(ACME_T2);
    }

    @Test
    void numbersAreInsertedFoundListedUpdatedAndDeleted() {
        store.insertAccount(ACME);
        store.insertTrunk(ACME_T0);
        DidNumber routed = new DidNumber("0198765432", "acme", "acme-t0");
        DidNumber unrouted = new DidNumber("0123456789", "acme", null);
        store.insertNumber(routed);
        store.insertNumber(unrouted);
        assertThat(store.findNumber("0198765432")).contains(routed);
        assertThat(store.listNumbers("acme")).containsExactly(unrouted, routed);

        DidNumber rerouted = new DidNumber("0123456789", "acme", "acme-t0");
        assertThat(store.updateNumber(rerouted)).isTrue();
        assertThat(store.findNumber("0123456789")).contains(rerouted);
        assertThat(store.updateNumber(new DidNumber("0999999999", "acme", null))).isFalse();

        assertThat(store.deleteNumber("0198765432")).isTrue();
        assertThat(store.deleteNumber("0198765432")).isFalse();
        assertThat(store.listNumbers("acme")).containsExactly(rerouted);
    }

    @Test
    void deletingAnAccountDeletesItsTrunksAndNumbersOnly() {
        store.insertAccount(ACME);
        store.insertAccount(GLOBEX);
        store.insertTrunk(ACME_T0);
        store.insertTrunk(new Trunk("globex-1", "globex", TrunkKind.T0_IP, 2));
        store.insertNumber(new DidNumber("0198765432", "acme", "acme-t0"));
        store.insertNumber(new DidNumber("0155555555", "globex", "globex-1"));

        assertThat(store.deleteAccount("acme")).isTrue();

        assertThat(store.findTrunk("acme-t0")).isEmpty();
        assertThat(store.findNumber("0198765432")).isEmpty();
        assertThat(store.findTrunk("globex-1")).isPresent();
        assertThat(store.findNumber("0155555555")).isPresent();
    }

    @Test
    void deletingATrunkKeepsItsNumbersWithoutTrunk() {
        store.insertAccount(ACME);
        store.insertTrunk(ACME_T0);
        store.insertNumber(new DidNumber("0198765432", "acme", "acme-t0"));

        assertThat(store.deleteTrunk("acme-t0")).isTrue();

        assertThat(store.findNumber("0198765432")).contains(new DidNumber("0198765432", "acme", null));
    }

    @Test
    void insertingAnExistingKeyIsADuplicateNamingIt() {
        store.insertAccount(ACME);
        store.insertAccount(GLOBEX);
        store.insertTrunk(ACME_T0);
        store.insertNumber(new DidNumber("0198765432", "acme", null));

        assertThatThrownBy(() -> store.insertAccount(new Account("acme", "Other", 60)))
                .isInstanceOf(DuplicateKeyException.class).hasMessage("account 'acme' already exists");
        // Endpoint names and numbers are unique across accounts, not per account.
        assertThatThrownBy(() -> store.insertTrunk(new Trunk("acme-t0", "globex", TrunkKind.T0_IP, 2)))
                .isInstanceOf(DuplicateKeyException.class).hasMessage("trunk 'acme-t0' already exists");
        assertThatThrownBy(() -> store.insertNumber(new DidNumber("0198765432", "globex", null)))
                .isInstanceOf(DuplicateKeyException.class).hasMessage("number '0198765432' already exists");
        assertThat(store.findAccount("acme")).contains(ACME);
    }

    /** The directory module's port: the store's methods, a duplicate being the port's own exception. */
    @Test
    void theDirectoryRepositoryIsTheStoreWithThePortsDuplicate() {
        DirectoryRepository directory = new SqlDirectoryRepository(store);
        directory.insertAccount(ACME);
        directory.insertTrunk(ACME_T0);
        directory.insertNumber(new DidNumber("0198765432", "acme", "acme-t0"));
        assertThat(directory.listAccounts()).containsExactly(ACME);
        assertThat(directory.listTrunks("acme")).containsExactly(ACME_T0);
        assertThat(directory.findNumber("0198765432")).contains(new DidNumber("0198765432", "acme", "acme-t0"));

        assertThatThrownBy(() -> directory.insertAccount(ACME)).isInstanceOf(AlreadyStoredException.class)
                .hasMessage("account 'acme' already exists").hasCauseInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> directory.insertTrunk(ACME_T0)).isInstanceOf(AlreadyStoredException.class);
        assertThatThrownBy(() -> directory.insertNumber(new DidNumber("0198765432", "acme", null)))
                .isInstanceOf(AlreadyStoredException.class);

        assertThat(directory.deleteTrunk("acme-t0")).isTrue();
        assertThat(directory.findNumber("0198765432")).hasValueSatisfying(n -> assertThat(n.trunkId()).isNull());
        assertThat(directory.deleteAccount("acme")).isTrue();
        assertThat(directory.listNumbers("acme")).isEmpty();
        assertThat(directory.deleteAccount("acme")).isFalse();
    }

    @Test
    void writesNamingAMissingAccountOrTrunkAreUnknownReferences() {
        store.insertAccount(ACME);
        store.insertAccount(GLOBEX);
        store.insertTrunk(ACME_T0);

        assertThatThrownBy(() -> store.insertTrunk(new Trunk("t", "ghost", TrunkKind.T0_IP, 2)))
                .isInstanceOf(UnknownReferenceException.class).hasMessage("account 'ghost' does not exist");
        assertThatThrownBy(() -> store.updateTrunk(new Trunk("acme-t0", "ghost", TrunkKind.T0_IP, 2)))
                .isInstanceOf(UnknownReferenceException.class).hasMessage("account 'ghost' does not exist");
        assertThatThrownBy(() -> store.insertNumber(new DidNumber("0198765432", "ghost", null)))
                .isInstanceOf(UnknownReferenceException.class).hasMessage("account 'ghost' does not exist");
        assertThatThrownBy(() -> store.insertNumber(new DidNumber("0198765432", "acme", "no-such-trunk")))
                .isInstanceOf(UnknownReferenceException.class).hasMessage("trunk 'no-such-trunk' does not exist");
        assertThatThrownBy(() -> store.insertNumber(new DidNumber("0198765432", "globex", "acme-t0")))
                .isInstanceOf(UnknownReferenceException.class)
                .hasMessage("trunk 'acme-t0' does not belong to account 'globex'");

        store.insertNumber(new DidNumber("0198765432", "acme", null));
        assertThatThrownBy(() -> store.updateNumber(new DidNumber("0198765432", "acme", "no-such-trunk")))
                .isInstanceOf(UnknownReferenceException.class).hasMessage("trunk 'no-such-trunk' does not exist");
        assertThat(store.listNumbers("acme")).containsExactly(new DidNumber("0198765432", "acme", null));
        assertThat(store.findTrunk("t")).isEmpty();
    }

    @Test
    void loadIntoFillsTheDirectoryWithEverything() {
        store.insertAccount(ACME);
        store.insertAccount(GLOBEX);
        store.insertTrunk(ACME_T0);
        store.insertTrunk(ACME_T2);
        store.insertNumber(new DidNumber("0198765432", "acme", "acme-t2"));
        store.insertNumber(new DidNumber("0155555555", "globex", null));

        InMemoryDirectory directory = new InMemoryDirectory();
        store.loadInto(directory);

        assertThat(directory.accounts()).containsExactlyInAnyOrder(ACME, GLOBEX);
        assertThat(directory.trunksOf("acme")).containsExactlyInAnyOrder(ACME_T0, ACME_T2);
        assertThat(directory.trunk("acme-t2")).contains(ACME_T2);
        assertThat(directory.number("0198765432")).contains(new DidNumber("0198765432", "acme", "acme-t2"));
        assertThat(directory.numbersOf("globex")).containsExactly(new DidNumber("0155555555", "globex", null));
    }

    @Test
    void isReachableUntilClosedThenCallsFailWithStoreException() {
        assertThat(store.isReachable()).isTrue();
        store.close();
        assertThat(store.isReachable()).isFalse();
        assertThatThrownBy(() -> store.listAccounts()).isInstanceOf(StoreException.class);
    }

    @Test
    void reopeningKeepsTheDataAndAppliesTheMigrationOnce() throws SQLException {
        store.insertAccount(ACME);
        store.insertTrunk(ACME_T0);
        store.insertNumber(new DidNumber("0198765432", "acme", "acme-t0"));
        store.close();

        store = Store.open(options());
        store.close();
        store = Store.open(options());

        assertThat(store.findAccount("acme")).contains(ACME);
        assertThat(store.listTrunks("acme")).containsExactly(ACME_T0);
        assertThat(store.findNumber("0198765432")).contains(new DidNumber("0198765432", "acme", "acme-t0"));
        assertThat(successfulMigrations("1")).isEqualTo(1);
        assertThat(successfulMigrations("2")).isEqualTo(1);
        assertThat(successfulMigrations("3")).isEqualTo(1);
    }

    @Test
    void theSchemaRefusesRowsTheDomainRecordsWouldRefuse() throws SQLException {
        // Check violation: PostgreSQL says 23514, H2 23513.
        store.insertAccount(ACME);
        assertThat(sqlStateOf("INSERT INTO account (id, name, max_call_seconds) VALUES ('a0', 'Zero', 0)"))
                .startsWith("2351");
        assertThat(sqlStateOf("INSERT INTO account (id, name, max_call_seconds, calls_per_second) VALUES ('a1', 'Neg', 60, -1)"))
                .startsWith("2351");
        assertThat(sqlStateOf("INSERT INTO account (id, name, max_call_seconds, calls_per_second) VALUES ('a2', 'None', 60, NULL)"))
                .isNull();
        assertThat(sqlStateOf("INSERT INTO trunk (id, account_id, kind, channels) VALUES ('t', 'acme', 'T0_IP', -1)"))
                .startsWith("2351");
        assertThat(sqlStateOf("INSERT INTO trunk (id, account_id, kind, channels) VALUES ('t', 'acme', 'T9_IP', 2)"))
                .startsWith("2351");
        assertThat(sqlStateOf("INSERT INTO trunk (id, account_id, kind, channels) VALUES ('t', 'acme', 'OTHER', 0)"))
                .isNull();
    }

    /** Runs raw SQL past the store's checks; null when it succeeds. */
    private String sqlStateOf(String sql) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
            return null;
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    private int successfulMigrations(String version) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '"
                     + version + "' AND \"success\" = TRUE")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
