package io.callguard.core.limits;

import java.time.Instant;
import java.util.Objects;

/**
 * One holder's share of a resource.
 *
 * <p>A value class with the semantics of a record of these components (accessors, {@code equals}, {@code hashCode},
 * {@code toString} as a record's). It is not a record so that its two times are kept as numbers rather than two
 * {@link Instant} objects: every live call holds one per capped resource, 10,000s at once (issue 13). The accessors
 * return equal Instants, a new one per call.
 *
 * <p>Components: {@code resource} (what is shared, e.g. {@code trunk:trunk-a}), {@code holder} (who holds it, e.g. a
 * call's Linkedid), {@code allocatedAt} (when it was first allocated), {@code expiresAt} (when it stops counting even
 * if nobody releases it: a lost event never leaks a slot forever), {@code forced} (allocated without checking the
 * limit: an emergency call, or a live call adopted by a reconciliation).
 */
public final class Allocation {
    private final String resource;
    private final String holder;
    private final long allocatedSeconds;
    private final long expiresSeconds;
    private final int allocatedNanos;
    private final int expiresNanos;
    private final boolean forced;

    public Allocation(String resource, String holder, Instant allocatedAt, Instant expiresAt, boolean forced) {
        this.resource = Objects.requireNonNull(resource, "resource");
        this.holder = Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(allocatedAt, "allocatedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        this.allocatedSeconds = allocatedAt.getEpochSecond();
        this.allocatedNanos = allocatedAt.getNano();
        this.expiresSeconds = expiresAt.getEpochSecond();
        this.expiresNanos = expiresAt.getNano();
        this.forced = forced;
    }

    private Allocation(String resource, String holder, long allocatedSeconds, int allocatedNanos, long expiresSeconds,
                       int expiresNanos, boolean forced) {
        this.resource = resource;
        this.holder = holder;
        this.allocatedSeconds = allocatedSeconds;
        this.allocatedNanos = allocatedNanos;
        this.expiresSeconds = expiresSeconds;
        this.expiresNanos = expiresNanos;
        this.forced = forced;
    }

    public String resource() { return resource; }

    public String holder() { return holder; }

    public Instant allocatedAt() { return Instant.ofEpochSecond(allocatedSeconds, allocatedNanos); }

    public Instant expiresAt() { return Instant.ofEpochSecond(expiresSeconds, expiresNanos); }

    public boolean forced() { return forced; }

    // Comparisons and copies on the fields themselves: InMemoryAllocations runs them on every allocate and release,
    // over every holder of a resource (a calls-per-second window holds a second of calls), and an Instant per
    // comparison was most of the decision path's garbage.

    /** Expires strictly before {@code other} does. */
    public boolean expiresBefore(Allocation other) {
        return expiresSeconds < other.expiresSeconds
                || (expiresSeconds == other.expiresSeconds && expiresNanos < other.expiresNanos);
    }

    /** Expires strictly before {@code t}. */
    public boolean expiresBefore(Instant t) {
        long s = t.getEpochSecond();
        return expiresSeconds < s || (expiresSeconds == s && expiresNanos < t.getNano());
    }

    /** Expires at the same instant as {@code other}; false when {@code other} is null. */
    public boolean expiresWith(Allocation other) {
        return other != null && expiresSeconds == other.expiresSeconds && expiresNanos == other.expiresNanos;
    }

    /** The same allocation, forced or not. */
    public Allocation withForced(boolean newForced) {
        return new Allocation(resource, holder, allocatedSeconds, allocatedNanos, expiresSeconds, expiresNanos, newForced);
    }

    /** The same allocation, expiring at {@code newExpiry}. */
    public Allocation withExpiry(Instant newExpiry) {
        return new Allocation(resource, holder, allocatedSeconds, allocatedNanos, newExpiry.getEpochSecond(),
                newExpiry.getNano(), forced);
    }

    /** Still counted at {@code now}: it expires strictly after now. */
    public boolean liveAt(Instant now) {
        long s = now.getEpochSecond();
        return expiresSeconds > s || (expiresSeconds == s && expiresNanos > now.getNano());
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Allocation a && resource.equals(a.resource) && holder.equals(a.holder)
                && allocatedSeconds == a.allocatedSeconds && allocatedNanos == a.allocatedNanos
                && expiresSeconds == a.expiresSeconds && expiresNanos == a.expiresNanos && forced == a.forced;
    }

    @Override
    public int hashCode() {
        return Objects.hash(resource, holder, allocatedAt(), expiresAt(), forced);
    }

    @Override
    public String toString() {
        return "Allocation[resource=" + resource + ", holder=" + holder + ", allocatedAt=" + allocatedAt()
                + ", expiresAt=" + expiresAt() + ", forced=" + forced + "]";
    }
}
