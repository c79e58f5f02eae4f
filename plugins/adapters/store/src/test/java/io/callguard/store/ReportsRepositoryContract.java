package io.callguard.store;

import io.callguard.core.directory.Account;
import io.callguard.reports.ReportsRepository.ClosedMonth;
import io.callguard.reports.ReportsRepository.NumberRange;
import io.callguard.reports.ReportsRepository.Outcome;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link SqlReportsRepository} (V17) must do on every database behind {@link Store}. */
interface ReportsRepositoryContract {
    /** An open, empty store (no accounts). */
    Store store();

    /** The tables are shared by the tests of one database (only the accounts are emptied before each): empties them. */
    private SqlReportsRepository emptyRepository() {
        store().withConnection("empty the reports' tables", c -> {
            try (java.sql.Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM revenue_share_outcome");
                s.executeUpdate("DELETE FROM revenue_share_month");
                s.executeUpdate("DELETE FROM revenue_share_rate");
            }
            return null;
        });
        return new SqlReportsRepository(store());
    }

    @Test
    default void shareRatesAreWrittenReplacedAndRemoved() {
        SqlReportsRepository repo = emptyRepository();
        repo.saveRate("089", new BigDecimal("50.00"));
        repo.saveRate("0899123456", new BigDecimal("70.50"));
        repo.saveRate("089", new BigDecimal("55.25"));
        assertThat(repo.rates()).containsOnlyKeys("089", "0899123456");
        assertThat(repo.rates().get("089")).isEqualByComparingTo("55.25");
        assertThat(repo.deleteRate("0899123456")).isTrue();
        assertThat(repo.deleteRate("0899123456")).isFalse();
        assertThat(repo.rates()).containsOnlyKeys("089");
    }

    @Test
    default void rangesAreStoredListedReleasedAndGoWithTheirAccount() {
        store().insertAccount(new Account("acme", "Acme", 7200));
        store().insertAccount(new Account("globex", "Globex", 7200));
        SqlReportsRepository repo = emptyRepository();
        Instant at = Instant.parse("2026-12-02T10:00:00.123Z");
        repo.insertRange(new NumberRange("acme", "0198765400", "0198765499", at));
        repo.insertRange(new NumberRange("globex", "0198765500", "0198765509", at));
        assertThat(repo.ranges()).containsExactly(new NumberRange("acme", "0198765400", "0198765499", at),
                new NumberRange("globex", "0198765500", "0198765509", at));
        assertThatThrownBy(() -> repo.insertRange(new NumberRange("globex", "0198765400", "0198765401", at)))
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> repo.insertRange(new NumberRange("nobody", "0298765400", "0298765401", at)))
                .isInstanceOf(UnknownReferenceException.class);
        assertThat(repo.deleteRange("acme", "0198765500")).as("another account's").isFalse();
        assertThat(repo.deleteRange("globex", "0198765500")).isTrue();
        assertThat(store().deleteAccount("acme")).isTrue();
        assertThat(repo.ranges()).as("released with the account").isEmpty();
    }

    @Test
    default void aClosedMonthIsStoredOnceWithEveryOutcomeExactly() {
        SqlReportsRepository repo = emptyRepository();
        assertThat(repo.lastClosed()).isEmpty();
        assertThat(repo.closedMonth(YearMonth.of(2026, 10))).isEmpty();
        Instant at = Instant.parse("2026-11-06T00:00:00.250Z");
        Outcome acme = new Outcome(new BigDecimal("2950.0000"), new BigDecimal("0.0000"), false, "0899123456|089|80|MINUTE|50.00|TIER|2|0|4425|5900.0000|2950.0000\n");
        Outcome globex = new Outcome(new BigDecimal("1.3334"), new BigDecimal("3000.1234"), true, "");
        ClosedMonth oct = new ClosedMonth(YearMonth.of(2026, 10), at, "alice", Map.of("acme", acme, "deleted-since", globex));
        repo.close(oct);
        repo.close(new ClosedMonth(YearMonth.of(2026, 11), at.plusSeconds(86_400 * 30), "system", Map.of()));
        assertThat(repo.closedMonth(YearMonth.of(2026, 10))).contains(oct);
        assertThat(repo.closedMonth(YearMonth.of(2026, 11)).orElseThrow().accounts()).isEmpty();
        assertThat(repo.lastClosed()).contains(YearMonth.of(2026, 11));
        assertThatThrownBy(() -> repo.close(new ClosedMonth(YearMonth.of(2026, 10), at, "bob", Map.of("x", acme))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already closed");
        assertThat(repo.closedMonth(YearMonth.of(2026, 10))).as("unchanged").contains(oct);
    }
}
