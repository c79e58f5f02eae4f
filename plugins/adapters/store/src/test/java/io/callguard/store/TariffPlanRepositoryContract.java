package io.callguard.store;

import io.callguard.core.numbering.NumberCategory;
import io.callguard.credit.rating.TariffPlan;
import io.callguard.credit.rating.TariffRate;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link SqlTariffPlanRepository} must do on every database behind {@link Store} (mixed into its tests). */
interface TariffPlanRepositoryContract {
    Instant T0 = Instant.parse("2026-12-01T09:00:00.123Z");

    /** An open store. */
    Store store();

    /** The repository over a store without tariff plans (the PostgreSQL schema is shared by the class's tests). */
    private SqlTariffPlanRepository emptyRepository() {
        store().withConnection("empty the tariff plans", c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM tariff_rate");
                s.executeUpdate("DELETE FROM tariff_plan");
            }
            return null;
        });
        return new SqlTariffPlanRepository(store());
    }

    private static TariffRate rate(String id, NumberCategory destination, String prefix, String perMinute,
                                   String servicePerMinute, int first, int next) {
        return new TariffRate(id, destination, prefix, false, new BigDecimal("9.9"), new BigDecimal(perMinute),
                new BigDecimal(servicePerMinute), BigDecimal.ZERO, first, next);
    }

    private static TariffPlan plan(String id, int version, String mobileCents) {
        return new TariffPlan(id, version, "Pro 2026 — « été »", T0.plusSeconds(version), "José (back office)", List.of(
                rate("mobile", NumberCategory.MOBILE, "", mobileCents, "0", 30, 1),
                rate("special-089", NumberCategory.SPECIAL_SURCHARGED, "089", "2", "80", 1, 1),
                rate("intl-447", NumberCategory.INTERNATIONAL, "+447", "12.3456", "0", 60, 60),
                new TariffRate("fixed", NumberCategory.GEOGRAPHIC, "", true, BigDecimal.ZERO, BigDecimal.ZERO,
                        BigDecimal.ZERO, BigDecimal.ZERO, 1, 1)));
    }

    @Test
    default void aVersionRoundTripsEveryLineExactlyInItsOrder() {
        SqlTariffPlanRepository repo = emptyRepository();
        TariffPlan v1 = plan("pro", 1, "15");
        repo.insert(v1);
        TariffPlan read = repo.find("pro", 1).orElseThrow();
        assertThat(read).isEqualTo(v1);
        assertThat(read.rates().get(2).perMinuteCents()).isEqualTo(new BigDecimal("12.3456"));
        assertThat(repo.find("pro", 2)).isEmpty();
        assertThat(repo.find("nope", 1)).isEmpty();
    }

    @Test
    default void versionsAreAddedNeverReplacedAndTheLatestOfEachPlanIsListed() {
        SqlTariffPlanRepository repo = emptyRepository();
        repo.insert(plan("pro", 1, "15"));
        repo.insert(plan("pro", 2, "12"));
        repo.insert(plan("basic", 1, "20"));
        assertThat(repo.latestVersions()).isEqualTo(Map.of("pro", 2, "basic", 1));
        assertThat(repo.latest()).extracting(p -> p.id() + "/" + p.version()).containsExactly("basic/1", "pro/2");
        assertThat(repo.find("pro", 1).orElseThrow().rates().get(0).perMinuteCents()).isEqualByComparingTo("15");

        assertThatThrownBy(() -> repo.insert(plan("pro", 2, "1"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already stored");
        assertThat(repo.find("pro", 2).orElseThrow().rates().get(0).perMinuteCents()).as("unchanged")
                .isEqualByComparingTo("12");
    }

    @Test
    default void aVersionWhoseLinesCannotBeStoredLeavesNothingBehind() {
        SqlTariffPlanRepository repo = emptyRepository();
        TariffRate tooLong = rate("x".repeat(65), NumberCategory.MOBILE, "", "1", "0", 1, 1);
        TariffPlan bad = new TariffPlan("pro", 1, "", T0, "alice", List.of(tooLong));
        assertThatThrownBy(() -> repo.insert(bad)).isInstanceOf(StoreException.class);
        assertThat(repo.latestVersions()).isEmpty();
        repo.insert(plan("pro", 1, "15"));
        assertThat(repo.find("pro", 1)).isPresent();
    }
}
