package io.callguard.credit.rating;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One version of a tariff plan: never changed once stored (a change is a new version), so that a rating's
 * {@code planVersion} always says which prices made it.
 *
 * @param id        the plan's id ({@link io.callguard.core.directory.Ids}), named by accounts
 * @param version   1, 2, … in the order they were written
 * @param name      what the back office calls it (may be empty)
 * @param createdAt when this version was written
 * @param createdBy who wrote it (the admin API's actor)
 * @param rates     its lines, in the order given
 */
public record TariffPlan(String id, int version, String name, Instant createdAt, String createdBy,
                         List<TariffRate> rates) {
    public TariffPlan {
        Objects.requireNonNull(id, "id");
        if (version < 1) throw new IllegalArgumentException("version must be at least 1: " + version);
        name = name == null ? "" : name;
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        rates = List.copyOf(rates);
    }
}
