package io.callguard.core.limits;

import java.time.Instant;
import java.util.Objects;

/**
 * One holder's share of a resource.
 *
 * @param resource    what is shared, e.g. {@code trunk:trunk-a}
 * @param holder      who holds it, e.g. a call's Linkedid
 * @param allocatedAt when it was first allocated
 * @param expiresAt   when it stops counting even if nobody releases it (a lost event never leaks a slot forever)
 * @param forced      allocated without checking the limit (an emergency call, or a live call adopted by a
 *                    reconciliation)
 */
public record Allocation(String resource, String holder, Instant allocatedAt, Instant expiresAt, boolean forced) {
    public Allocation {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(allocatedAt, "allocatedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Still counted at {@code now}: it expires strictly after now. */
    public boolean liveAt(Instant now) { return expiresAt.isAfter(now); }
}
