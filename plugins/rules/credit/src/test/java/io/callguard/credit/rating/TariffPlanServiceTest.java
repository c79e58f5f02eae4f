package io.callguard.credit.rating;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Versions are added, put in force and audited; a store failure changes nothing; other nodes' versions arrive. */
class TariffPlanServiceTest {
    private final MutableClock clock = new MutableClock(Plans.T0);
    private final InMemoryTariffPlanRepository repository = new InMemoryTariffPlanRepository();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final InMemoryTariffs tariffs = new InMemoryTariffs();
    private final TariffPlanService service = new TariffPlanService(repository, tariffs, audit, clock);

    private static TariffPlanDraft draft(String mobileCents) {
        return TariffPlanJson.read("pro", Map.of("rates", List.of(Map.of("id", "mobile", "destination", "MOBILE",
                "perMinuteCents", mobileCents))));
    }

    private String mobilePrice() {
        return Cents.text(tariffs.price("pro", NumberCategory.MOBILE, "", "0612345678").orElseThrow().perMinuteCents());
    }

    @Test
    void eachWriteIsTheNextVersionInForceAndAuditedWithTheOneBefore() {
        TariffPlan v1 = service.publish("pro", draft("15"), "alice");
        clock.advance(Duration.ofMinutes(1));
        TariffPlan v2 = service.publish("pro", draft("12"), "bob");
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.createdAt()).isEqualTo(Plans.T0.plusSeconds(60));
        assertThat(mobilePrice()).isEqualTo("12");
        assertThat(repository.find("pro", 1)).contains(v1);
        assertThat(service.get("pro", 1)).contains(v1);
        assertThat(service.get("pro", null)).contains(v2);
        assertThat(service.get("pro", 3)).isEmpty();

        List<AuditEntry> entries = audit.all();
        assertThat(entries).extracting(AuditEntry::action).containsExactly(TariffPlanService.ACTION_VERSION,
                TariffPlanService.ACTION_VERSION);
        assertThat(entries.get(0).before()).isNull();
        assertThat(entries.get(0).target()).isEqualTo("tariff-plan:pro");
        assertThat(entries.get(1).actor()).isEqualTo("bob");
        assertThat(entries.get(1).before()).contains("\"version\":1").contains("\"perMinuteCents\":\"15\"");
        assertThat(entries.get(1).after()).contains("\"version\":2").contains("\"perMinuteCents\":\"12\"");
    }

    @Test
    void aStoreFailureChangesNothingAndAVersionWrittenFirstElsewhereIsAConflict() {
        TariffPlanService failing = new TariffPlanService(new TariffPlanRepository() {
            @Override public void insert(TariffPlan plan) { throw new IllegalArgumentException("database down"); }
            @Override public Optional<TariffPlan> find(String planId, int version) { return Optional.empty(); }
            @Override public Map<String, Integer> latestVersions() { return Map.of(); }
        }, tariffs, audit, clock);
        assertThatThrownBy(() -> failing.publish("pro", draft("15"), "alice")).hasMessage("database down");
        assertThat(tariffs.plan("pro")).isEmpty();
        assertThat(audit.all()).isEmpty();

        TariffPlanService racing = new TariffPlanService(new TariffPlanRepository() {
            @Override public Map<String, Integer> latestVersions() { return Map.of(); } // did not see it yet
            @Override public Optional<TariffPlan> find(String planId, int version) { return Optional.empty(); }
            @Override public void insert(TariffPlan plan) { throw new IllegalStateException("already stored"); }
        }, tariffs, audit, clock);
        assertThatThrownBy(() -> racing.publish("pro", draft("15"), "alice")).isInstanceOf(PlanConflictException.class)
                .hasMessageContaining("version 1 of tariff plan 'pro' was just written by another writer");
    }

    @Test
    void loadAndRefreshPutTheStoredVersionsInForce() {
        repository.insert(new TariffPlan("pro", 1, "", Plans.T0, "alice", draft("15").rates()));
        repository.insert(new TariffPlan("pro", 2, "", Plans.T0, "alice", draft("14").rates()));
        assertThat(service.load()).isEqualTo(1);
        assertThat(mobilePrice()).isEqualTo("14");
        assertThat(service.refresh()).isZero();
        repository.insert(new TariffPlan("pro", 3, "", Plans.T0, "carol on node 2", draft("13").rates()));
        assertThat(service.refresh()).isEqualTo(1);
        assertThat(mobilePrice()).isEqualTo("13");
        assertThat(service.publish("pro", draft("11"), "alice").version()).isEqualTo(4);
        assertThat(Optional.of(tariffs.plan("pro").orElseThrow().version())).contains(4);
    }
}
