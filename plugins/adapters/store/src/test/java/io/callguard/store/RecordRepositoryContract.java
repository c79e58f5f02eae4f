package io.callguard.store;

import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Checkpoint;
import io.callguard.core.records.Disposition;
import io.callguard.core.records.Gap;
import io.callguard.core.records.RecordEntry;
import io.callguard.core.records.RecordRepository.RecordPage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link SqlRecordRepository} must do on every database behind {@link Store} (mixed into its tests). The
 * tables refuse DELETE, so each test writes under nodes and accounts of its own rather than emptying them.
 */
interface RecordRepositoryContract {
    Instant REC_T0 = Instant.parse("2026-11-30T23:59:58.123Z");

    Store store();

    private static String unique(String prefix) { return prefix + "-" + UUID.randomUUID().toString().substring(0, 8); }

    private static CallRecord call(String uniqueId, String account, Instant start, String callee) {
        return new CallRecord(uniqueId, uniqueId, account, account + "-trunk", Direction.OUTBOUND, "0140000000",
                callee, callee, NumberCategory.MOBILE, "", "ALLOW", "", start, start.plusSeconds(3),
                start.plusMillis(65_432), CallRecord.billable(start.plusSeconds(3), start.plusMillis(65_432)),
                Disposition.ANSWERED, 16, "ast1", false);
    }

    /** Appends a chain of calls of {@code account} starting at {@code starts[i]}, one batch. */
    private static List<RecordEntry> chain(RecordEntry previous, String node, String account, Instant... starts) {
        List<RecordEntry> out = new ArrayList<>();
        for (Instant s : starts) {
            previous = RecordEntry.chain(previous, node, s.plusSeconds(70), call("u-" + node + "-" + s.toEpochMilli(),
                    account, s, "0612345678"), null);
            out.add(previous);
        }
        return out;
    }

    private List<RecordEntry> scanAll(SqlRecordRepository repo, String node, long from) {
        List<RecordEntry> out = new ArrayList<>();
        repo.scan(node, from, out::add);
        return out;
    }

    private int execute(String sql) throws SQLException {
        try (Connection c = store().dataSource().getConnection(); Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private boolean postgres() {
        return store().withConnection("product", c -> c.getMetaData().getDatabaseProductName().contains("Postgre"));
    }

    @Test
    default void aRoundTripKeepsEveryFieldNullsAndEmptyStringsSoThatEveryHashStillHolds() {
        SqlRecordRepository repo = new SqlRecordRepository(store());
        String node = unique("node");
        // an unanswered call without cause, with empty texts; an answered one with odd characters; an adopted one; a gap
        CallRecord bare = new CallRecord("1733.1", "", "", "", Direction.INBOUND, "", "", "", NumberCategory.OTHER, "",
                "", "", REC_T0, null, REC_T0.plusMillis(1), 0, Disposition.NO_ANSWER, null, "", false);
        CallRecord odd = new CallRecord("1733.2", "1733.0", "acme", "acme-t0", Direction.OUTBOUND, "\"Zoé\" <01\\40>\n",
                "0033 8 99 12 34 56", "+33899123456", NumberCategory.SPECIAL_SURCHARGED, "089", "DENY", "PREMIUM_BLOCKED",
                REC_T0.plusMillis(7), null, REC_T0.plusMillis(9), 0, Disposition.DENIED, 21, "ast-2", false);
        CallRecord adopted = new CallRecord("1733.3", "1733.3", "acme", "acme-t0", Direction.OUTBOUND, "0140000000",
                "+442071234567", "+442071234567", NumberCategory.INTERNATIONAL, "+44", "", "", REC_T0.minusSeconds(3600),
                REC_T0.minusSeconds(3500), REC_T0.plusSeconds(5), 3505, Disposition.ANSWERED, 16, "ast1", true);
        RecordEntry e1 = RecordEntry.chain(null, node, REC_T0.plusMillis(2), bare, null);
        RecordEntry e2 = RecordEntry.chain(e1, node, REC_T0.plusMillis(10), odd, null);
        RecordEntry e3 = RecordEntry.chain(e2, node, REC_T0.plusSeconds(6), null,
                new Gap(REC_T0.minusSeconds(60), REC_T0.plusSeconds(6), "AMI_DOWN"));
        RecordEntry e4 = RecordEntry.chain(e3, node, REC_T0.plusSeconds(7), adopted, null);
        repo.append(List.of(e1, e2));
        repo.append(List.of(e3, e4));

        List<RecordEntry> back = scanAll(repo, node, 1);
        assertThat(back).containsExactly(e1, e2, e3, e4);
        assertThat(back).allMatch(RecordEntry::hashHolds);
        assertThat(back.get(0).call().answeredAt()).isNull();
        assertThat(back.get(0).call().cause()).isNull();
        assertThat(back.get(0).call().accountId()).isEmpty();
        assertThat(repo.last(node)).contains(e4);
        assertThat(scanAll(repo, node, 3)).containsExactly(e3, e4);
        assertThat(repo.nodes()).contains(node);
        assertThat(repo.last(unique("none"))).isEmpty();
    }

    @Test
    default void aScanPassesFetchAfterFetchInSeqOrderFromTheSeqAsked() {
        SqlRecordRepository repo = new SqlRecordRepository(store());
        String node = unique("node");
        int n = SqlRecordRepository.SCAN_FETCH_SIZE * 2 + 37;
        Instant[] starts = new Instant[n];
        for (int i = 0; i < n; i++) starts[i] = REC_T0.plusMillis(i * 7L);
        List<RecordEntry> entries = chain(null, node, "acme", starts);
        repo.append(entries);
        long[] expected = {3};
        int[] seen = {0};
        repo.scan(node, 3, e -> {
            assertThat(e.seq()).isEqualTo(expected[0]++);
            assertThat(e.hashHolds()).isTrue();
            seen[0]++;
        });
        assertThat(seen[0]).isEqualTo(n - 2);
    }

    @Test
    default void aSeqThatDoesNotFollowTheLastOneIsRefusedAndNothingOfItsBatchIsWritten() {
        SqlRecordRepository repo = new SqlRecordRepository(store());
        String node = unique("node");
        List<RecordEntry> first = chain(null, node, "acme", REC_T0, REC_T0.plusSeconds(1));
        repo.append(first);
        List<RecordEntry> next = chain(first.get(1), node, "acme", REC_T0.plusSeconds(2), REC_T0.plusSeconds(3));

        assertThatThrownBy(() -> repo.append(next.subList(1, 2))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("seq 4").hasMessageContaining("seq 2");
        assertThatThrownBy(() -> repo.append(first)).isInstanceOf(IllegalStateException.class);
        assertThat(scanAll(repo, node, 1)).containsExactlyElementsOf(first);
        repo.append(next);
        assertThat(repo.last(node)).contains(next.get(1));
    }

    @Test
    default void ofTwoConcurrentAppendsOfTheSameSeqExactlyOneWins() throws Exception {
        SqlRecordRepository repo = new SqlRecordRepository(store());
        String node = unique("node");
        List<RecordEntry> base = chain(null, node, "acme", REC_T0);
        repo.append(base);
        for (int round = 0; round < 5; round++) {
            RecordEntry head = repo.last(node).orElseThrow();
            List<RecordEntry> a = chain(head, node, "acme", REC_T0.plusSeconds(10 + round));
            List<RecordEntry> b = chain(head, node, "globex", REC_T0.plusSeconds(40 + round));
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Callable<Boolean> appendA = () -> attempt(repo, a, go);
                Callable<Boolean> appendB = () -> attempt(repo, b, go);
                Future<Boolean> fa = pool.submit(appendA);
                Future<Boolean> fb = pool.submit(appendB);
                go.countDown();
                boolean wonA = fa.get(20, TimeUnit.SECONDS);
                boolean wonB = fb.get(20, TimeUnit.SECONDS);
                assertThat(wonA ^ wonB).as("exactly one of the two writers wins, round " + round).isTrue();
                assertThat(repo.last(node)).contains(wonA ? a.get(0) : b.get(0));
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(scanAll(repo, node, 1)).extracting(RecordEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    private static boolean attempt(SqlRecordRepository repo, List<RecordEntry> batch, CountDownLatch go)
            throws InterruptedException {
        go.await();
        try {
            repo.append(batch);
            return true;
        } catch (IllegalStateException lost) {
            return false;
        }
    }

    @Test
    default void anUpdateOfOneRecordsCalleeIsRefusedByTheDatabase() throws SQLException {
        SqlRecordRepository repo = new SqlRecordRepository(store());
        String node = unique("node");
        List<RecordEntry> entries = chain(null, node, "acme", REC_T0, REC_T0.plusSeconds(1));
        repo.append(entries);

        assertThatThrownBy(() -> execute("UPDATE record_entry SET callee_normalised = '0699999999' WHERE node = '"
                + node + "' AND seq = 1")).isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThat(scanAll(repo, node, 1)).containsExactlyElementsOf(entries);
    }

    @Test
    default void aDeleteOfRecordsOrCheckpointsIsRefusedByTheDatabase() throws SQLException {
        SqlRecordRepository repo = new SqlRecordRepository(store());
        String node = unique("node");
        List<RecordEntry> entries = chain(null, node, "acme", REC_T0, REC_T0.plusSeconds(1));
        repo.append(entries);
        repo.saveCheckpoint(new Checkpoint(node, 2, entries.get(1).hash(), REC_T0.plusSeconds(80), "k1", "c2ln"));

        assertThatThrownBy(() -> execute("DELETE FROM record_entry WHERE node = '" + node + "' AND seq = 2"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> execute("DELETE FROM record_checkpoint WHERE node = '" + node + "'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> execute("UPDATE record_checkpoint SET signature = 'x' WHERE node = '" + node + "'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        // PostgreSQL: a TRUNCATE trigger; H2 (no TRUNCATE triggers): a foreign key from an empty guard table
        assertThatThrownBy(() -> execute("TRUNCATE TABLE record_entry")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> execute("TRUNCATE TABLE record_checkpoint")).isInstanceOf(SQLException.class);
        assertThat(scanAll(repo, node, 1)).containsExactlyElementsOf(entries);
        assertThat(repo.checkpoints(node, 0)).hasSize(1);
    }

    @Test
    default void asASuperuserPastTheGuardsAnUpdateSucceedsAndTheEntryComesBackEditedWithABrokenHash() throws SQLException {
        SqlRecordRepository repo = new SqlRecordRepository(store());
        String node = unique("node");
        List<RecordEntry> entries = chain(null, node, "acme", REC_T0, REC_T0.plusSeconds(1), REC_T0.plusSeconds(2));
        repo.append(entries);
        String edit = "UPDATE record_entry SET callee_normalised = '0699999999' WHERE node = '" + node + "' AND seq = 2";
        try (Connection c = store().dataSource().getConnection(); Statement s = c.createStatement()) {
            if (postgres()) {
                // what a superuser can do: triggers do not fire for a replica session
                s.execute("SET session_replication_role = replica");
                try {
                    assertThat(s.executeUpdate(edit)).isEqualTo(1);
                } finally {
                    s.execute("SET session_replication_role = DEFAULT");
                }
            } else {
                s.execute("DROP TRIGGER record_entry_append_only");
                try {
                    assertThat(s.executeUpdate(edit)).isEqualTo(1);
                } finally {
                    s.execute("CREATE TRIGGER record_entry_append_only BEFORE UPDATE, DELETE ON record_entry FOR EACH ROW "
                            + "CALL 'io.callguard.store.AppendOnlyTrigger'");
                }
            }
        }
        List<RecordEntry> back = scanAll(repo, node, 1);
        assertThat(back.get(1).call().calleeNormalised()).isEqualTo("0699999999");
        assertThat(back).extracting(RecordEntry::hashHolds).containsExactly(true, false, true);
    }

    @Test
    default void thePurgeRemovesTheEntriesBeforeItsCheckpointOnlyAndTheGuardsHoldAfterIt() throws SQLException {
        SqlRecordRepository repo = new SqlRecordRepository(store());
        String node = unique("node");
        List<RecordEntry> entries = chain(null, node, "acme", REC_T0, REC_T0.plusSeconds(1), REC_T0.plusSeconds(2),
                REC_T0.plusSeconds(3), REC_T0.plusSeconds(4));
        repo.append(entries);

        assertThatThrownBy(() -> repo.purge(node, 4)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no checkpoint at seq 3");
        repo.saveCheckpoint(new Checkpoint(node, 3, entries.get(2).hash(), REC_T0.plusSeconds(90), "k1", "c2ln"));
        assertThatThrownBy(() -> repo.saveCheckpoint(new Checkpoint(node, 3, "x", REC_T0, "k1", "c2ln")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(repo.purge(node, 4)).isEqualTo(3);

        assertThat(scanAll(repo, node, 1)).containsExactlyElementsOf(entries.subList(3, 5));
        assertThat(repo.checkpoints(node, 0)).extracting(Checkpoint::seq).containsExactly(3L);
        assertThat(repo.last(node)).contains(entries.get(4));
        // the door closed behind the purge: the pooled connection refuses a plain DELETE again
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> execute("DELETE FROM record_entry WHERE node = '" + node + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        repo.append(chain(entries.get(4), node, "acme", REC_T0.plusSeconds(5)));
        assertThat(repo.last(node).orElseThrow().seq()).isEqualTo(6);
    }

    @Test
    default void byAccountPagesAreStableAcrossPagesAndAppendsInStartThenNodeThenSeqOrder() {
        SqlRecordRepository repo = new SqlRecordRepository(store());
        String account = unique("acct");
        String nodeA = unique("a");
        String nodeB = unique("b");
        // starts that straddle a month change, some equal across nodes; another account's calls in between
        List<Instant> starts = new ArrayList<>();
        for (int i = 0; i < 12; i++) starts.add(REC_T0.plusSeconds(i / 2));
        List<RecordEntry> a = chain(null, nodeA, account, starts.toArray(Instant[]::new));
        List<RecordEntry> b = chain(null, nodeB, account, starts.subList(0, 9).toArray(Instant[]::new));
        repo.append(a);
        repo.append(b);
        repo.append(chain(b.get(b.size() - 1), nodeB, unique("other"), REC_T0.plusSeconds(1)));
        List<RecordEntry> expected = new ArrayList<>(a);
        expected.addAll(b);
        expected.sort(Comparator.comparing((RecordEntry e) -> e.call().startedAt()).thenComparing(RecordEntry::node)
                .thenComparingLong(RecordEntry::seq));

        Instant from = REC_T0.minusSeconds(1);
        Instant to = REC_T0.plusSeconds(6);
        List<RecordEntry> read = new ArrayList<>();
        RecordPage page = repo.byAccount(account, from, to, null, 7);
        read.addAll(page.items());
        // a record appended meanwhile with a start after the cursor shows on a later page; nothing repeats
        RecordEntry late = chain(a.get(a.size() - 1), nodeA, account, REC_T0.plusSeconds(5)).get(0);
        repo.append(List.of(late));
        expected.add(late);
        int pages = 1;
        while (page.next() != null) {
            page = repo.byAccount(account, from, to, page.next(), 7);
            read.addAll(page.items());
            pages++;
        }
        assertThat(read).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(4);
        assertThat(repo.byAccount(account, REC_T0.plusSeconds(1), REC_T0.plusSeconds(2), null, 100).items())
                .as("[from, to)").hasSize(4).allMatch(e -> e.call().startedAt().equals(REC_T0.plusSeconds(1)));
        assertThat(repo.byAccount(account, from, to, null, expected.size()).next()).isNull();
        assertThatThrownBy(() -> repo.byAccount(account, from, to, "not-a-cursor!", 7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> repo.byAccount(account, from, to, null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static CallRating rating(String amountCents) {
        return new CallRating("pro-2027", 3, "mobile", 95, new BigDecimal(amountCents));
    }

    /** A past-the-guards UPDATE of one row (H2: the trigger dropped then put back; PostgreSQL: a replica session). */
    private void updateAsSuperuser(String update) throws SQLException {
        try (Connection c = store().dataSource().getConnection(); Statement s = c.createStatement()) {
            if (postgres()) {
                s.execute("SET session_replication_role = replica");
                try {
                    assertThat(s.executeUpdate(update)).isEqualTo(1);
                } finally {
                    s.execute("SET session_replication_role = DEFAULT");
                }
            } else {
                s.execute("DROP TRIGGER record_entry_append_only");
                try {
                    assertThat(s.executeUpdate(update)).isEqualTo(1);
                } finally {
                    s.execute("CREATE TRIGGER record_entry_append_only BEFORE UPDATE, DELETE ON record_entry FOR EACH ROW "
                            + "CALL 'io.callguard.store.AppendOnlyTrigger'");
                }
            }
        }
    }

    @Test
    default void ratedRecordsComeBackWithTheirRatingToTheTenThousandthOfACentAndEveryHashHolds() {
        SqlRecordRepository repo = new SqlRecordRepository(store());
        String node = unique("node");
        String account = unique("acct");
        CallRecord mobile = call("r.1", account, REC_T0, "0612345678").withRating(rating("23.75"));
        CallRecord free = call("r.2", account, REC_T0.plusSeconds(1), "112")
                .withRating(new CallRating("pro-2027", 3, "emergency", 0, BigDecimal.ZERO));
        CallRecord tiny = call("r.3", account, REC_T0.plusSeconds(2), "0612345678").withRating(rating("0.0001"));
        CallRecord huge = call("r.4", account, REC_T0.plusSeconds(3), "+8821234567")
                .withRating(new CallRating("pro-2027", 12, "intl-8821", 3_600_000, new BigDecimal("99999999999999.9999")));
        CallRecord unrated = call("r.5", account, REC_T0.plusSeconds(4), "0612345678");
        RecordEntry e1 = RecordEntry.chain(null, node, REC_T0.plusSeconds(70), mobile, null);
        RecordEntry e2 = RecordEntry.chain(e1, node, REC_T0.plusSeconds(71), free, null);
        RecordEntry e3 = RecordEntry.chain(e2, node, REC_T0.plusSeconds(72), null, new Gap(REC_T0, REC_T0.plusSeconds(1), "AMI_DOWN"));
        RecordEntry e4 = RecordEntry.chain(e3, node, REC_T0.plusSeconds(73), tiny, null);
        RecordEntry e5 = RecordEntry.chain(e4, node, REC_T0.plusSeconds(74), huge, null);
        RecordEntry e6 = RecordEntry.chain(e5, node, REC_T0.plusSeconds(75), unrated, null);
        repo.append(List.of(e1, e2, e3));
        repo.append(List.of(e4, e5, e6));

        List<RecordEntry> back = scanAll(repo, node, 1);
        assertThat(back).containsExactly(e1, e2, e3, e4, e5, e6);
        assertThat(back).allMatch(RecordEntry::hashHolds);
        assertThat(back.get(0).call().rating()).isEqualTo(rating("23.7500"));
        assertThat(back.get(0).call().rating().amountCents().toPlainString()).isEqualTo("23.7500");
        assertThat(back.get(4).call().rating().amountCents()).isEqualTo(new BigDecimal("99999999999999.9999"));
        assertThat(back.get(5).call().rating()).isNull();
        assertThat(repo.last(node)).contains(e6);
        assertThat(repo.byAccount(account, REC_T0.minusSeconds(1), REC_T0.plusSeconds(60), null, 100).items())
                .containsExactly(e1, e2, e4, e5, e6);
    }

    @Test
    default void ratedSinceSumsTheAccountsRatedCallsEndedAtOrAfterTheInstantOnEveryNode() {
        SqlRecordRepository repo = new SqlRecordRepository(store());
        String account = unique("acct");
        String other = unique("other");
        String nodeA = unique("a");
        String nodeB = unique("b");
        // call(...) ends 65.432 s after its start; starts straddle a month change (two partitions on PostgreSQL)
        Instant end1 = REC_T0.plusMillis(65_432);
        RecordEntry a1 = RecordEntry.chain(null, nodeA, REC_T0.plusSeconds(70), call("s.1", account, REC_T0, "06")
                .withRating(rating("23.75")), null);
        RecordEntry a2 = RecordEntry.chain(a1, nodeA, REC_T0.plusSeconds(71), call("s.2", account, REC_T0.plusSeconds(10), "06")
                .withRating(rating("7.7501")), null);
        RecordEntry a3 = RecordEntry.chain(a2, nodeA, REC_T0.plusSeconds(72), call("s.3", account, REC_T0.plusSeconds(20), "06"), null);
        RecordEntry a4 = RecordEntry.chain(a3, nodeA, REC_T0.plusSeconds(73), null, new Gap(REC_T0, REC_T0.plusSeconds(1), "RESTART"));
        RecordEntry a5 = RecordEntry.chain(a4, nodeA, REC_T0.plusSeconds(74), call("s.5", other, REC_T0, "06")
                .withRating(rating("1000")), null);
        repo.append(List.of(a1, a2, a3, a4, a5));
        RecordEntry b1 = RecordEntry.chain(null, nodeB, REC_T0.plusSeconds(80), call("s.6", account, REC_T0.minusSeconds(3600), "06")
                .withRating(rating("0.25")), null);
        repo.append(List.of(b1));

        assertThat(repo.ratedSince(account, REC_T0.minusSeconds(7200))).isEqualTo(new BigDecimal("31.7501"));
        assertThat(repo.ratedSince(account, end1)).as("ended exactly at since counts").isEqualTo(new BigDecimal("31.5001"));
        assertThat(repo.ratedSince(account, end1.plusMillis(1))).isEqualTo(new BigDecimal("7.7501"));
        assertThat(repo.ratedSince(account, REC_T0.plusSeconds(3600))).isEqualTo(new BigDecimal("0.0000"));
        assertThat(repo.ratedSince(other, REC_T0)).isEqualTo(new BigDecimal("1000.0000"));
        assertThat(repo.ratedSince(unique("nobody"), REC_T0)).isEqualTo(new BigDecimal("0.0000"));
    }

    @Test
    default void anAmountEditedPastTheGuardsComesBackWithABrokenHash() throws SQLException {
        SqlRecordRepository repo = new SqlRecordRepository(store());
        String node = unique("node");
        String account = unique("acct");
        RecordEntry e1 = RecordEntry.chain(null, node, REC_T0.plusSeconds(70), call("t.1", account, REC_T0, "06")
                .withRating(rating("23.75")), null);
        RecordEntry e2 = RecordEntry.chain(e1, node, REC_T0.plusSeconds(71), call("t.2", account, REC_T0, "06")
                .withRating(rating("23.75")), null);
        repo.append(List.of(e1, e2));
        assertThatThrownBy(() -> execute("UPDATE record_entry SET rated_cents = 2.3750 WHERE node = '" + node + "' AND seq = 2"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");

        updateAsSuperuser("UPDATE record_entry SET rated_cents = 2.3750 WHERE node = '" + node + "' AND seq = 2");
        List<RecordEntry> back = scanAll(repo, node, 1);
        assertThat(back.get(1).call().rating().amountCents()).isEqualTo(new BigDecimal("2.3750"));
        assertThat(back).extracting(RecordEntry::hashHolds).containsExactly(true, false);
    }

    @Test
    default void theSchemaTakesAWholeRatingOrNoneAndRefusesAHalfRatingARatedGapAndANegativeAmount() {
        String node = unique("node");
        String head = "INSERT INTO record_entry (node, seq, written_at, kind, started_at, unique_id, linked_id, account_id, "
                + "direction, ended_at, disposition, adopted, gap_to, gap_reason, prev_hash, hash, rated_cents, tariff_plan, "
                + "plan_version, rate_id, billed_seconds) VALUES ('" + node + "', ";
        String call = "TIMESTAMP WITH TIME ZONE '2026-12-01 00:00:00+00', 'CALL', TIMESTAMP WITH TIME ZONE '2026-12-01 00:00:00+00', "
                + "'u', 'u', 'acme', 'OUTBOUND', TIMESTAMP WITH TIME ZONE '2026-12-01 00:01:00+00', 'ANSWERED', FALSE, NULL, NULL, '"
                + "0".repeat(64) + "', '" + "1".repeat(64) + "', ";
        String gap = "TIMESTAMP WITH TIME ZONE '2026-12-01 00:00:00+00', 'GAP', TIMESTAMP WITH TIME ZONE '2026-12-01 00:00:00+00', "
                + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, TIMESTAMP WITH TIME ZONE '2026-12-01 00:01:00+00', 'RESTART', '"
                + "0".repeat(64) + "', '" + "1".repeat(64) + "', ";
        // the same statement with a whole rating is taken (rolled back: no row without its chain head stays behind)
        try (Connection c = store().dataSource().getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                assertThat(st.executeUpdate(head + "9, " + call + "23.75, 'pro', 3, 'mobile', 95)")).isEqualTo(1);
                assertThat(st.executeUpdate(head + "10, " + call + "NULL, NULL, NULL, NULL, NULL)")).isEqualTo(1);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> execute(head + "1, " + call + "23.75, NULL, 3, 'mobile', 95)")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> execute(head + "2, " + call + "-1, 'pro', 3, 'mobile', 95)")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> execute(head + "3, " + gap + "1, 'pro', 3, 'mobile', 95)")).isInstanceOf(SQLException.class);
    }
}
