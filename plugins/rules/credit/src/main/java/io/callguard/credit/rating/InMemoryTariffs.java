package io.callguard.credit.rating;

import io.callguard.core.numbering.NumberCategory;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current version of every tariff plan, in memory: loaded at start, replaced plan by plan as versions are
 * written ({@link #put}). A look-up is at most 17 hash reads (the longest prefix is found by trying the callee's
 * prefixes from the longest), no lock: fit for the decision path.
 */
public final class InMemoryTariffs implements Tariffs {
    /** The rate id of an emergency call's (free) price. */
    public static final String EMERGENCY_RATE = "emergency";
    /** The rate id of a 0800–0805 call's (free) price. */
    public static final String SPECIAL_FREE_RATE = "special-free";

    private final Map<String, Compiled> plans = new ConcurrentHashMap<>();

    /** Puts {@code plan} in force in place of an older version; an older version than the one held is ignored. */
    public void put(TariffPlan plan) {
        plans.merge(plan.id(), new Compiled(plan), (held, given) -> given.plan.version() > held.plan.version() ? given : held);
    }

    /** The version in force of {@code planId}, if any. */
    public Optional<TariffPlan> plan(String planId) {
        Compiled c = plans.get(planId);
        return c == null ? Optional.empty() : Optional.of(c.plan);
    }

    /** Every plan in force. */
    public Collection<TariffPlan> plans() { return plans.values().stream().map(c -> c.plan).toList(); }

    @Override
    public Optional<DestinationPrice> price(String planId, NumberCategory category, String categoryDetail,
                                            String calleeNormalised) {
        Compiled c = plans.get(planId);
        if (c == null || category == null) return Optional.empty();
        if (category == NumberCategory.EMERGENCY) return Optional.of(c.emergency);
        if (category == NumberCategory.SPECIAL_FREE) return Optional.of(c.specialFree);
        Map<String, DestinationPrice> byPrefix = c.lines.get(category);
        if (byPrefix == null) return Optional.empty();
        String number = calleeNormalised == null || calleeNormalised.isEmpty()
                ? (categoryDetail == null ? "" : categoryDetail) : calleeNormalised;
        for (int len = Math.min(number.length(), Destinations.MAX_PREFIX); len >= 0; len--) {
            DestinationPrice p = byPrefix.get(number.substring(0, len));
            if (p != null) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** A plan version ready for look-ups: destination → prefix → price. */
    private static final class Compiled {
        final TariffPlan plan;
        final Map<NumberCategory, Map<String, DestinationPrice>> lines = new EnumMap<>(NumberCategory.class);
        final DestinationPrice emergency;
        final DestinationPrice specialFree;

        Compiled(TariffPlan plan) {
            this.plan = plan;
            for (TariffRate r : plan.rates()) {
                lines.computeIfAbsent(r.destination(), d -> new HashMap<>()).put(r.prefix(), r.price(plan.id(), plan.version()));
            }
            emergency = free(plan, EMERGENCY_RATE);
            specialFree = free(plan, SPECIAL_FREE_RATE);
        }

        private static DestinationPrice free(TariffPlan plan, String rateId) {
            return new DestinationPrice(plan.id(), plan.version(), rateId, true, BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO, BigDecimal.ZERO, 1, 1);
        }
    }
}
