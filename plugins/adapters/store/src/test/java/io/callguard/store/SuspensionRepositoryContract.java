package io.callguard.store;

import io.callguard.core.directory.Account;
import io.callguard.suspension.EndKind;
import io.callguard.suspension.Suspension;
import io.callguard.suspension.SuspensionReason;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link SqlSuspensionRepository} must do on every database behind {@link Store} (mixed into its tests). */
interface SuspensionRepositoryContract {
    Instant T0 = Instant.parse("2025-01-06T09:00:00.123Z");

    /** An open, empty store (no accounts). */
    Store store();

    private SqlSuspensionRepository repository() {
        store().insertAccount(new Account("acme", "ACME SA", 7200));
        store().insertAccount(new Account("globex", "Globex", 3600));
        return new SqlSuspensionRepository(store());
    }

    private static Suspension open(String id, String account, String trunk, int createdSecond, int startSecond) {
        return new Suspension(id, account, trunk, SuspensionReason.NON_PAYMENT, "relance du 2 janvier", "alice",
                T0.plusSeconds(createdSecond), T0.plusSeconds(startSecond), false, null, null, null);
    }

    @Test
    default void suspensionsRoundTripEveryFieldExactlyAndListOldestFirst() {
        SqlSuspensionRepository repo = repository();
        Suspension scheduled = new Suspension("S2", "acme", "acme-t0", SuspensionReason.OTHER, "note with 'quotes' é ✓",
                "bob", T0.plusSeconds(10), T0.plusSeconds(8 * 86_400), true, null, null, null);
        Suspension immediate = open("S1", "acme", null, 0, 0);
        Suspension other = open("S3", "globex", null, 5, 5);
        repo.insert(scheduled);
        repo.insert(immediate);
        repo.insert(other);

        assertThat(repo.find("S2")).contains(scheduled);
        assertThat(repo.find("S1")).contains(immediate);
        assertThat(repo.find("nope")).isEmpty();
        assertThat(repo.listByAccount("acme")).containsExactly(immediate, scheduled);
        assertThat(repo.listByAccount("nobody")).isEmpty();
        assertThat(repo.listOpen()).containsExactly(immediate, other, scheduled);
    }

    @Test
    default void instantsAreKeptToTheMillisecond() {
        SqlSuspensionRepository repo = repository();
        Instant fine = T0.plusNanos(456_789);
        repo.insert(new Suspension("S1", "acme", null, SuspensionReason.LOW_ASR, "", "alice", fine, fine, false,
                null, null, null));

        Suspension read = repo.find("S1").orElseThrow();
        assertThat(read.createdAt()).isEqualTo(T0).isEqualTo(SqlTimes.stored(fine));
        assertThat(read.startsAt()).isEqualTo(T0);
    }

    @Test
    default void endingIsConditionalAndKeepsTheHistory() {
        SqlSuspensionRepository repo = repository();
        repo.insert(open("S1", "acme", null, 0, 0));
        repo.insert(open("S2", "acme", null, 1, 100));

        assertThat(repo.end("S1", EndKind.LIFTED, "carol", T0.plusSeconds(60))).isTrue();
        assertThat(repo.end("S1", EndKind.CANCELLED, "dave", T0.plusSeconds(61))).as("already ended").isFalse();
        assertThat(repo.end("nope", EndKind.LIFTED, "carol", T0)).isFalse();

        Suspension lifted = repo.find("S1").orElseThrow();
        assertThat(lifted.endedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(lifted.endedBy()).isEqualTo("carol");
        assertThat(lifted.endedHow()).isEqualTo(EndKind.LIFTED);
        assertThat(lifted).isEqualTo(open("S1", "acme", null, 0, 0).end(EndKind.LIFTED, "carol", T0.plusSeconds(60)));
        assertThat(repo.listOpen()).extracting(Suspension::id).containsExactly("S2");
        assertThat(repo.listByAccount("acme")).extracting(Suspension::id).containsExactly("S1", "S2");

        assertThat(repo.end("S2", EndKind.CANCELLED, "carol", T0.plusSeconds(62))).isTrue();
        assertThat(repo.find("S2").orElseThrow().endedHow()).isEqualTo(EndKind.CANCELLED);
        assertThat(repo.listOpen()).isEmpty();
    }

    @Test
    default void ofConcurrentEndsOfOneSuspensionExactlyOneWins() throws Exception {
        SqlSuspensionRepository repo = repository();
        repo.insert(open("S1", "acme", null, 0, 0));
        int threads = 6;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String by = "admin-" + i;
                Callable<Boolean> lift = () -> {
                    go.await(5, TimeUnit.SECONDS);
                    return repo.end("S1", EndKind.LIFTED, by, T0.plusSeconds(30));
                };
                results.add(pool.submit(lift));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> f : results) if (f.get(10, TimeUnit.SECONDS)) won++;
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void anEndedSuspensionCanBeStoredAsHistory() {
        SqlSuspensionRepository repo = repository();
        Suspension ended = open("S1", "acme", null, 0, 0).end(EndKind.LIFTED, "carol", T0.plusSeconds(5));
        repo.insert(ended);
        assertThat(repo.find("S1")).contains(ended);
        assertThat(repo.listOpen()).isEmpty();
    }

    @Test
    default void aDuplicateIdOrAMissingAccountIsRefused() {
        SqlSuspensionRepository repo = repository();
        repo.insert(open("S1", "acme", null, 0, 0));

        assertThatThrownBy(() -> repo.insert(open("S1", "globex", null, 1, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("S1");
        assertThatThrownBy(() -> repo.insert(open("S2", "ghost", null, 1, 1)))
                .isInstanceOf(UnknownReferenceException.class).hasMessage("account 'ghost' does not exist");
        assertThat(repo.find("S1").orElseThrow().accountId()).isEqualTo("acme");
    }

    @Test
    default void deletingAnAccountDeletesItsSuspensionsOnly() {
        SqlSuspensionRepository repo = repository();
        repo.insert(open("S1", "acme", null, 0, 0));
        repo.insert(open("S2", "globex", null, 0, 0));

        assertThat(store().deleteAccount("acme")).isTrue();

        assertThat(repo.find("S1")).isEmpty();
        assertThat(repo.listOpen()).extracting(Suspension::id).containsExactly("S2");
    }

    @Test
    default void theSchemaRefusesHalfEndedRowsAndUnknownEndings() throws SQLException {
        repository();
        String columns = "INSERT INTO suspension (id, account_id, reason, note, created_by, created_at, starts_at, "
                + "hang_up_live_calls, ended_at, ended_by, ended_how) VALUES ";
        String opened = "'acme', 'LOW_ASR', '', 'alice', TIMESTAMP WITH TIME ZONE '2025-01-06 09:00:00+00', "
                + "TIMESTAMP WITH TIME ZONE '2025-01-06 09:00:00+00', FALSE, ";
        String end = "TIMESTAMP WITH TIME ZONE '2025-01-06 10:00:00+00'";
        assertThat(sqlState(columns + "('h1', " + opened + end + ", NULL, 'LIFTED')")).startsWith("2351");
        assertThat(sqlState(columns + "('h2', " + opened + end + ", 'bob', 'PAUSED')")).startsWith("2351");
        assertThat(sqlState(columns + "('h3', " + opened + "NULL, NULL, 'LIFTED')")).startsWith("2351");
        assertThat(sqlState(columns + "('ok', " + opened + end + ", 'bob', 'CANCELLED')")).isNull();
    }

    private String sqlState(String sql) throws SQLException {
        try (Connection c = store().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
            return null;
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }
}
