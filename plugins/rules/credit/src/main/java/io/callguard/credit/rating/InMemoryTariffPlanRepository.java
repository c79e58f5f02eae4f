package io.callguard.credit.rating;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A {@link TariffPlanRepository} in memory, for tests and a store-less run: thread-safe, lost at exit. */
public final class InMemoryTariffPlanRepository implements TariffPlanRepository {
    private final Map<String, Map<Integer, TariffPlan>> plans = new HashMap<>();

    @Override
    public synchronized void insert(TariffPlan plan) {
        Objects.requireNonNull(plan, "plan");
        Map<Integer, TariffPlan> versions = plans.computeIfAbsent(plan.id(), id -> new HashMap<>());
        if (versions.containsKey(plan.version())) {
            throw new IllegalStateException("tariff plan " + plan.id() + " version " + plan.version() + " is already stored");
        }
        versions.put(plan.version(), plan);
    }

    @Override
    public synchronized Optional<TariffPlan> find(String planId, int version) {
        return Optional.ofNullable(plans.getOrDefault(planId, Map.of()).get(version));
    }

    @Override
    public synchronized Map<String, Integer> latestVersions() {
        Map<String, Integer> out = new HashMap<>();
        plans.forEach((id, versions) -> out.put(id, versions.keySet().stream().max(Integer::compare).orElseThrow()));
        return out;
    }
}
