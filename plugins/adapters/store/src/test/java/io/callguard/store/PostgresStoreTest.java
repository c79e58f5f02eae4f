package io.callguard.store;

import io.callguard.core.directory.Account;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The store contract on the PostgreSQL of this machine ({@code CALLGUARD_TEST_PG_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres}), in a schema of its own that Flyway creates
 * through {@code currentSchema} and this class drops. Skipped when PostgreSQL is down, unless {@code CI=true}.
 */
class PostgresStoreTest extends StoreContractTest
        implements SuspensionRepositoryContract, AuditLogContract, NumberTariffContract, CtiRepositoryContract,
        RecordRepositoryContract, TariffPlanRepositoryContract,
        BillingRepositoryContract, TrafficRuleRepositoryContract, BlockedAddressRepositoryContract,
        TrunkAddressRepositoryContract, IncidentRepositoryContract,
        ReportsRepositoryContract {
    private static final String BASE_URL = env("CALLGUARD_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = env("CALLGUARD_TEST_PG_USER", "postgres");
    private static final String PASSWORD = env("CALLGUARD_TEST_PG_PASSWORD", "");
    private static final String SCHEMA = "cg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    /** Why PostgreSQL cannot be used, or null when it can. */
    private static String unavailable;

    @BeforeAll
    static void probePostgres() {
        try {
            connectDirectly().close();
            unavailable = null;
        } catch (SQLException e) {
            unavailable = "PostgreSQL not reachable at " + JdbcUrls.redact(BASE_URL) + " (" + e.getMessage() + ")";
            if ("true".equals(System.getenv("CI"))) fail(unavailable + ": CI=true makes this a failure");
        }
    }

    // Per test rather than in @BeforeAll, so that Surefire counts and shows the skipped tests.
    @Override
    protected void assumeDatabaseAvailable() {
        Assumptions.assumeTrue(unavailable == null,
                () -> unavailable + ": skipping; set CI=true to make this a failure");
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (unavailable != null) return;
        try (Connection c = connectDirectly(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Override
    protected StoreOptions options() {
        return new StoreOptions(withParameter(BASE_URL, "currentSchema=" + SCHEMA), USER, PASSWORD, 2,
                Duration.ofSeconds(5));
    }

    @Test
    void flywayCreatesTheSchemaNamedByCurrentSchemaAndTheTablesLiveThere() throws SQLException {
        try (Connection c = connectDirectly(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                     + SCHEMA + "' AND table_name NOT LIKE 'record_entry_2%' ORDER BY table_name")) {
            StringBuilder tables = new StringBuilder();
            while (rs.next()) tables.append(rs.getString(1)).append(' ');
            // the month partitions of record_entry (record_entry_YYYY_MM) come and go with the records
            assertThat(tables.toString().trim()).isEqualTo("account account_billing account_payment account_traffic_rules audit_event cti_api_key cti_sms cti_sms_history did_number "
                    + "flyway_schema_history incident number_range record_chain_head record_checkpoint record_entry record_entry_default "
                    + "revenue_share_month revenue_share_outcome revenue_share_rate sip_blocked_address suspension tariff_plan tariff_rate trunk trunk_sip_address");
        }
    }

    @Test
    void recordsLandInTheMonthPartitionOfTheirStartWhichTheRepositoryCreatesIdempotentlyNotInTheDefault()
            throws SQLException {
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2031-03-31T23:00:00Z"), java.time.ZoneOffset.UTC);
        SqlRecordRepository repo = new SqlRecordRepository(store, clock);
        repo.ensurePartitions();
        repo.ensurePartitions();
        java.time.Instant start = java.time.Instant.parse("2030-07-15T10:00:00Z");
        var call = new io.callguard.core.records.CallRecord("p.1", "", "acme", "", io.callguard.core.policy.Direction.OUTBOUND,
                "", "0612345678", "0612345678", io.callguard.core.numbering.NumberCategory.MOBILE, "", "ALLOW", "", start,
                null, start.plusSeconds(5), 0, io.callguard.core.records.Disposition.NO_ANSWER, 19, "ast1", false);
        repo.append(java.util.List.of(io.callguard.core.records.RecordEntry.chain(null, "partition-node", start, call, null)));
        try (Connection c = connectDirectly(); Statement s = c.createStatement()) {
            s.execute("SET search_path = " + SCHEMA);
            StringBuilder months = new StringBuilder();
            try (var rs = s.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                    + "WHERE i.inhparent = 'record_entry'::regclass AND c.relname LIKE 'record_entry_203%' ORDER BY 1")) {
                while (rs.next()) months.append(rs.getString(1)).append(' ');
            }
            // ahead of the clock's month (last month .. in two months), and the month of the record written
            assertThat(months.toString().trim()).isEqualTo("record_entry_2030_07 record_entry_2031_02 "
                    + "record_entry_2031_03 record_entry_2031_04 record_entry_2031_05");
            try (var rs = s.executeQuery("SELECT tableoid::regclass::text FROM record_entry WHERE node = 'partition-node'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("record_entry_2030_07");
            }
        }
    }

    /** The grants of docs/rules/call-records.md (Storage), applied as written, hold for a service role. */
    @Test
    void aServiceRoleWithTheDocumentedGrantsAppendsReadsAndPurgesButCannotUpdateOrDelete() throws SQLException {
        String role = "cg_app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection c = connectDirectly(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN");
            s.execute("SET search_path = " + SCHEMA);
            for (String grant : java.util.List.of(
                    "GRANT USAGE ON SCHEMA " + SCHEMA + " TO " + role,
                    "GRANT SELECT, INSERT ON record_entry, record_checkpoint TO " + role,
                    "GRANT SELECT, INSERT, UPDATE ON record_chain_head TO " + role,
                    "REVOKE UPDATE, DELETE, TRUNCATE ON record_entry, record_checkpoint FROM " + role,
                    "GRANT EXECUTE ON FUNCTION record_purge(VARCHAR, BIGINT), record_ensure_partition(TIMESTAMPTZ) TO " + role,
                    "REVOKE EXECUTE ON FUNCTION record_purge(VARCHAR, BIGINT) FROM PUBLIC",
                    // what the start needs to find no migration pending (docs: run upgrades as the owner)
                    "GRANT SELECT ON flyway_schema_history TO " + role,
                    // the other tables of the service, for this test's store
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON account, trunk, did_number, suspension, audit_event, "
                            + "cti_api_key, cti_sms, cti_sms_history TO " + role)) {
                s.execute(grant);
            }
        }
        try (Store asService = Store.open(new StoreOptions(withParameter(BASE_URL, "currentSchema=" + SCHEMA), role, "", 1,
                Duration.ofSeconds(5)))) {
            SqlRecordRepository repo = new SqlRecordRepository(asService);
            java.time.Instant start = java.time.Instant.parse("2032-01-31T23:59:59.999Z");
            io.callguard.core.records.RecordEntry previous = null;
            java.util.List<io.callguard.core.records.RecordEntry> entries = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                var call = new io.callguard.core.records.CallRecord("g." + i, "", "acme", "", io.callguard.core.policy.Direction.OUTBOUND,
                        "", "0612345678", "0612345678", io.callguard.core.numbering.NumberCategory.MOBILE, "", "ALLOW", "",
                        start.plusMillis(i), null, start.plusSeconds(5), 0, io.callguard.core.records.Disposition.NO_ANSWER, 19,
                        "ast1", false);
                previous = io.callguard.core.records.RecordEntry.chain(previous, "grant-node", start.plusSeconds(9), call, null);
                entries.add(previous);
            }
            repo.append(entries); // a new month's partition too, through record_ensure_partition
            repo.saveCheckpoint(new io.callguard.core.records.Checkpoint("grant-node", 2, entries.get(1).hash(),
                    start.plusSeconds(10), "k1", "c2ln"));
            for (String refused : java.util.List.of("UPDATE record_entry SET caller = 'x' WHERE node = 'grant-node'",
                    "DELETE FROM record_entry WHERE node = 'grant-node'", "TRUNCATE record_entry",
                    "DELETE FROM record_checkpoint WHERE node = 'grant-node'")) {
                assertThatThrownBy(() -> asService.withConnection("try", c -> c.createStatement().executeUpdate(refused)))
                        .as(refused).hasMessageContaining("permission denied");
            }
            assertThat(repo.purge("grant-node", 3)).isEqualTo(2);
            java.util.List<io.callguard.core.records.RecordEntry> left = new java.util.ArrayList<>();
            repo.scan("grant-node", 1, left::add);
            assertThat(left).containsExactly(entries.get(2));
        } finally {
            try (Connection c = connectDirectly(); Statement s = c.createStatement()) {
                s.execute("DROP OWNED BY " + role);
                s.execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    void anUnknownRoleFailsWithTheUrlAndReasonButNoPassword() {
        String secret = "pw-" + UUID.randomUUID();
        StoreOptions options = new StoreOptions(withParameter(BASE_URL, "currentSchema=" + SCHEMA),
                "cg_no_such_role", secret, 1, Duration.ofSeconds(3));

        assertThatThrownBy(() -> Store.open(options))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(JdbcUrls.redact(BASE_URL))
                .hasMessageContaining("cg_no_such_role")
                .satisfies(e -> assertThat(StoreOpenTest.chainText(e)).doesNotContain(secret));
    }

    @Test
    void credentialsInTheUrlAreUsedButNeverLoggedNorShown() {
        // Trust authentication ignores the password; a real one is needed where the server asks for it.
        String secret = PASSWORD.isEmpty() ? "url-secret-" + UUID.randomUUID() : PASSWORD;
        String url = withParameter(BASE_URL, "currentSchema=" + SCHEMA + "&user=" + USER + "&password=" + secret);
        try (LogCapture logs = new LogCapture()) {
            try (Store viaUrl = Store.open(new StoreOptions(url, "", "", 1, Duration.ofSeconds(5)))) {
                viaUrl.insertAccount(new Account("url-user", "Via URL", 60));
                assertThat(viaUrl.safeUrl()).doesNotContain(secret).contains("currentSchema=" + SCHEMA);
            }
            assertThat(logs.events()).anyMatch(e -> e.startsWith("org.flywaydb"))
                    .noneMatch(e -> e.contains(secret));
        }
        assertThat(store.findAccount("url-user")).isPresent();
    }

    private static Connection connectDirectly() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "3");
        return DriverManager.getConnection(BASE_URL, properties);
    }

    private static String withParameter(String url, String parameter) {
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
