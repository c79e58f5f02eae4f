package io.callguard.bench;

import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.core.records.RecordEntry;
import io.callguard.core.records.RecordHashes;
import io.callguard.core.records.RecordRepository.RecordPage;
import io.callguard.records.chain.CheckpointSigner;
import io.callguard.records.chain.ChainVerifier;
import io.callguard.store.SqlRecordRepository;
import io.callguard.store.Store;
import io.callguard.store.StoreOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class RecordsAtScaleTest {
    private static final String PG = System.getenv().getOrDefault("CALLGUARD_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");

    @Test
    void theGeneratedYearIsOneValidChainInStartOrderWithinItsMonthsAndSkewedAccounts() {
        YearMonth first = YearMonth.of(2026, 1);
        YearMonth last = YearMonth.of(2026, 3);
        YearOfCalls gen = new YearOfCalls(new SplittableRandom(1), 5000, 50, first, last, "n1");
        RecordEntry previous = null;
        Map<String, Integer> perAccount = new HashMap<>();
        Instant from = first.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = last.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (int i = 1; i <= 5000; i++) {
            RecordEntry e = gen.next();
            assertThat(e.seq()).isEqualTo(i);
            assertThat(e.prevHash()).isEqualTo(previous == null ? RecordHashes.GENESIS : previous.hash());
            assertThat(e.hashHolds()).isTrue();
            assertThat(e.call().startedAt()).isBetween(from, to.minusMillis(1));
            if (previous != null) assertThat(e.call().startedAt()).isAfterOrEqualTo(previous.call().startedAt());
            perAccount.merge(e.call().accountId(), 1, Integer::sum);
            previous = e;
        }
        // Zipf: the first account about a fifth of 50 accounts' calls, far above the median one
        assertThat(perAccount.get("acct-0001")).isBetween(800, 1300);
        assertThat(perAccount.get("acct-0001")).isGreaterThan(10 * perAccount.getOrDefault("acct-0025", 0));
        Map<String, Object> targets = gen.targets();
        assertThat(targets.get("target.big.account")).isEqualTo("acct-0001");
        assertThat((YearMonth) targets.get("target.month")).isBetween(first, last);
    }

    @Test
    void aCopyLineHasTheTwentyEightColumnsWithNullsAndEscapesWhereTheRepositoryWritesThem() {
        Instant t = Instant.parse("2026-02-03T10:00:00.123Z");
        CallRecord unanswered = new CallRecord("1.1", "", "a\tb", "tr\\1", Direction.OUTBOUND, "01\n23", "0612", "0612",
                NumberCategory.MOBILE, "", "ALLOW", "", t, null, t.plusSeconds(5), 0, Disposition.NO_ANSWER, null, "pbx", false);
        RecordEntry e = RecordEntry.chain(null, "n1", t.plusSeconds(6), unanswered, null);
        StringBuilder sb = new StringBuilder();
        RecordsAtScale.row(sb, e);
        assertThat(sb.charAt(sb.length() - 1)).isEqualTo('\n');
        String[] f = sb.substring(0, sb.length() - 1).split("\t", -1);
        assertThat(f).hasSize(28);
        assertThat(f[0]).isEqualTo("n1");
        assertThat(f[4]).isEqualTo("2026-02-03T10:00:00.123Z");
        assertThat(f[7]).isEqualTo("a\\tb");   // account_id: COPY's escape of a tab
        assertThat(f[8]).isEqualTo("tr\\\\1"); // trunk_id: of a backslash
        assertThat(f[10]).isEqualTo("01\\n23"); // caller: of a newline
        assertThat(f[17]).isEqualTo("\\N");    // answered_at: never answered
        assertThat(f[21]).isEqualTo("\\N");    // cause unknown
        assertThat(f[23]).isEqualTo("f");
        assertThat(f[24]).isEqualTo("\\N");    // gap_to
        assertThat(f[25]).isEqualTo("\\N");    // gap_reason
        assertThat(f[26]).isEqualTo(RecordHashes.GENESIS);
        assertThat(f[27]).isEqualTo(e.hash());
    }

    /**
     * The bench's load end to end on PostgreSQL, in a schema of its own: what COPY wrote reads back as the chain the
     * generator hashed (the verifier checks every hash and signature), nothing lands in DEFAULT, and the account-month
     * the bench queries holds the rows it announced. Skipped without PostgreSQL, unless CI=true.
     */
    @Test
    void aLoadedYearVerifiesIntactAndItsAnnouncedAccountMonthReadsBackWhole(@TempDir Path dir) throws Exception {
        String schema = "cg_scale_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = connect(PG)) {
            // reachable
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) fail("PostgreSQL not reachable at " + PG + ": CI=true makes this a failure");
            Assumptions.abort("PostgreSQL not reachable at " + PG + " (" + e.getMessage() + "): skipping; set CI=true to make this a failure");
        }
        String url = PG + (PG.contains("?") ? "&" : "?") + "user=postgres&currentSchema=" + schema;
        try {
            Path key = dir.resolve("key.pem");
            Path out = dir.resolve("load.properties");
            RecordsAtScale.main(new String[] {"--jdbc-url", url, "--records", "3000", "--append-records", "1000",
                    "--top-append", "600", "--accounts", "20", "--months", "3", "--last-month", "2026-03",
                    "--top-month", "2026-04", "--key", key.toString(), "--out", out.toString()});
            Properties p = new Properties();
            try (var r = Files.newBufferedReader(out)) {
                p.load(r);
            }
            assertThat(p.getProperty("defaultPartition.rows")).isEqualTo("0");
            assertThat(p.getProperty("topAppend.onTopOf")).isEqualTo("3000");
            try (Store store = Store.open(StoreOptions.defaults().withJdbcUrl(url))) {
                SqlRecordRepository repo = new SqlRecordRepository(store);
                ChainVerifier.Result result = new ChainVerifier(repo, CheckpointSigner.readPublicKey(
                        CheckpointSigner.publicFile(key))).verify("bench-node", 1);
                assertThat(result.describe()).isEqualTo("node bench-node: chain intact, 3600 entries checked, last checkpoint at seq 3000");
                // the properties file holds the instants as Instant.toString() wrote them
                Instant from = Instant.parse(p.getProperty("target.from"));
                Instant to = Instant.parse(p.getProperty("target.to"));
                long rows = 0;
                String cursor = null;
                do {
                    RecordPage page = repo.byAccount(p.getProperty("target.big.account"), from, to, cursor, 100);
                    rows += page.items().size();
                    cursor = page.next();
                } while (cursor != null);
                assertThat(rows).isEqualTo(Long.parseLong(p.getProperty("target.big.rows"))).isPositive();
            }
        } finally {
            try (Connection c = connect(PG); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(url, props);
    }
}
