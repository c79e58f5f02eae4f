package io.callguard.credit.rating;

import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.cluster.ChangeFeed;
import io.callguard.core.cluster.ChangeListener;
import io.callguard.core.cluster.LocalChangeFeed;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes' plans in force on one repository (the shared store): a version written on node A is published; node B,
 * listening on a {@link LocalChangeFeed}, puts it in force at once (not only at its next refresh).
 */
class TariffPlanChangesTest {
    private final MutableClock clock = new MutableClock(Plans.T0);
    private final InMemoryTariffPlanRepository store = new InMemoryTariffPlanRepository();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final TariffPlanService onA = new TariffPlanService(store, new InMemoryTariffs(), audit, clock);
    private final InMemoryTariffs inForceOnB = new InMemoryTariffs();
    private final TariffPlanService onB = new TariffPlanService(store, inForceOnB, audit, clock);
    private final LocalChangeFeed feedB = new LocalChangeFeed();
    private final List<String> published = new ArrayList<>();

    TariffPlanChangesTest() {
        onA.publishChangesTo(LocalChangeFeed.relayingTo(feedB, published::add));
        feedB.subscribe(TariffPlanService.CHANGES, ChangeListener.reloading(onB::refresh));
    }

    @Test
    void aVersionWrittenOnAIsInForceOnBAtOnce() {
        onA.publish("pro", TariffPlanJson.read("pro", Map.of("rates", List.of(Map.of("id", "mobile",
                "destination", "MOBILE", "perMinuteCents", "15")))), "alice");
        assertThat(published).containsExactly(TariffPlanService.CHANGES + " pro");
        assertThat(inForceOnB.plan("pro")).isPresent();
        assertThat(Cents.text(inForceOnB.price("pro", NumberCategory.MOBILE, "", "0612345678").orElseThrow()
                .perMinuteCents())).isEqualTo("15");
    }
}
