package io.callguard.credit.rating;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where tariff plans persist (the store implements it in SQL). Versions are only ever added: nothing updates or
 * deletes one, so that a rating's plan version always reads back as it was. Blocking: call from a worker thread, never
 * from an event loop or the decision path (which reads {@link Tariffs}).
 */
public interface TariffPlanRepository {
    /**
     * Stores a new version with its lines, atomically.
     *
     * @throws IllegalStateException when this version of the plan is already stored (another writer was first)
     */
    void insert(TariffPlan plan);

    /** One version of a plan; empty when the plan or the version is unknown. */
    Optional<TariffPlan> find(String planId, int version);

    /** Every plan id → its highest version (what {@link Tariffs} holds), cheap enough to poll. */
    Map<String, Integer> latestVersions();

    /** The highest version of every plan, in plan id order: loaded at start. */
    default List<TariffPlan> latest() {
        return new java.util.TreeMap<>(latestVersions()).entrySet().stream()
                .map(e -> find(e.getKey(), e.getValue()).orElseThrow(
                        () -> new IllegalStateException("plan " + e.getKey() + " version " + e.getValue() + " vanished")))
                .toList();
    }
}
