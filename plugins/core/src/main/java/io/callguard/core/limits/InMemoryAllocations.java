package io.callguard.core.limits;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Allocations} in this JVM. Each resource's holders are only read and changed inside
 * {@link ConcurrentHashMap#compute} on that resource's key, so a resource is atomic on its own and two resources
 * never wait for each other: there is no global lock on the decision path. A resource with no holder left is
 * removed, so per-account windows and idle trunks cost nothing.
 *
 * <p>A holder index (holder → resources) makes {@link #releaseHolder} proportional to what the holder holds. It
 * is updated inside the resource's compute, so it may briefly lag a concurrent allocate of the same holder; callers
 * that race a release against an allocate of one holder (a hang-up during its own decision) rely on a
 * reconciliation, as they must with any store. Its value is the resource itself when the holder holds one (the
 * usual case: a call's trunk slot), else an immutable {@code String[]}, replaced inside the holder's compute (copy
 * on write): no set per holder, and readers need no lock.
 *
 * <p>Every allocation of a resource shares the resource String its slots were created with.
 */
public final class InMemoryAllocations implements Allocations {
    private final Clock clock;
    private final ConcurrentHashMap<String, Slots> byResource = new ConcurrentHashMap<>();
    /** Holder → its resource (a String) or resources (a String[] of two or more, never changed once published). */
    private final ConcurrentHashMap<String, Object> resourcesByHolder = new ConcurrentHashMap<>();

    /** Holders of one resource; only touched under that resource's compute. */
    private static final class Slots {
        /** The resource's String, shared by its allocations and the holder index (one copy per resource). */
        final String resource;
        final LinkedHashMap<String, Allocation> holders = new LinkedHashMap<>();
        /**
         * A holder with the earliest expiry, null when empty (or the expiry of one removed since, never later than the
         * earliest): lets allocate skip the scan while nothing expired.
         */
        Allocation earliest;

        Slots(String resource) { this.resource = resource; }

        void recomputeEarliest() {
            Allocation min = null;
            for (Allocation a : holders.values()) {
                if (min == null || a.expiresBefore(min)) min = a;
            }
            earliest = min;
        }
    }

    /** Forced allocations made with the 3-argument {@link #forceAllocate(String, String, Instant)} are dated with the system clock. */
    public InMemoryAllocations() { this(Clock.systemUTC()); }

    /** @param clock dates forced allocations made without an explicit time */
    public InMemoryAllocations(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); }

    @Override
    public boolean allocate(String resource, String holder, int limit, Instant expiresAt, Instant now) {
        check(resource, holder, expiresAt);
        Objects.requireNonNull(now, "now");
        if (!expiresAt.isAfter(now)) throw new IllegalArgumentException("expiresAt " + expiresAt + " is not after now " + now);
        boolean[] granted = {false};
        byResource.compute(resource, (r, slots) -> {
            Slots s = slots == null ? new Slots(r) : slots;
            dropExpired(r, s, now);
            Allocation existing = s.holders.get(holder);
            if (existing != null) {
                if (recordedBefore(s, holder) < limit) {
                    granted[0] = true;
                    extend(s, existing, expiresAt);
                    if (existing.forced()) unforce(s, holder);
                }
            } else if (s.holders.size() < limit) {
                granted[0] = true;
                record(s, new Allocation(s.resource, holder, now, expiresAt, false));
            }
            return s.holders.isEmpty() ? null : s;
        });
        return granted[0];
    }

    @Override
    public void forceAllocate(String resource, String holder, Instant expiresAt) {
        forceAllocate(resource, holder, expiresAt, clock.instant());
    }

    @Override
    public boolean answersInProcess() { return true; }

    @Override
    public void forceAllocate(String resource, String holder, Instant expiresAt, Instant now) {
        check(resource, holder, expiresAt);
        Objects.requireNonNull(now, "now");
        byResource.compute(resource, (r, slots) -> {
            Slots s = slots == null ? new Slots(r) : slots;
            dropExpired(r, s, now);
            Allocation existing = s.holders.get(holder);
            if (existing != null) extend(s, existing, expiresAt);
            else if (expiresAt.isAfter(now)) record(s, new Allocation(s.resource, holder, now, expiresAt, true));
            return s.holders.isEmpty() ? null : s;
        });
    }

    @Override
    public boolean release(String resource, String holder) {
        if (resource == null || holder == null) return false;
        boolean[] released = {false};
        byResource.computeIfPresent(resource, (r, s) -> {
            Allocation removed = s.holders.remove(holder);
            if (removed != null) {
                released[0] = true;
                unindex(removed.holder(), s.resource);
                if (removed.expiresWith(s.earliest)) s.recomputeEarliest();
            }
            return s.holders.isEmpty() ? null : s;
        });
        return released[0];
    }

    @Override
    public int releaseHolder(String holder) { return releaseHolder(holder, ""); }

    @Override
    public int releaseHolder(String holder, String resourcePrefix) {
        if (holder == null) return 0;
        String prefix = resourcePrefix == null ? "" : resourcePrefix;
        Object held = resourcesByHolder.get(holder);
        if (held == null) return 0;
        // immutable once published: no copy, no lock
        if (held instanceof String r) return r.startsWith(prefix) && release(r, holder) ? 1 : 0;
        int n = 0;
        for (String r : (String[]) held) {
            if (r.startsWith(prefix) && release(r, holder)) n++;
        }
        return n;
    }

    @Override
    public int releaseResource(String resource) {
        if (resource == null) return 0;
        List<String> holders = new ArrayList<>();
        read(resource, s -> holders.addAll(s.holders.keySet()));
        int n = 0;
        for (String h : holders) {
            if (release(resource, h)) n++;
        }
        return n;
    }

    @Override
    public int inUse(String resource, Instant now) {
        int[] n = {0};
        read(resource, s -> {
            for (Allocation a : s.holders.values()) {
                if (a.liveAt(now)) n[0]++;
            }
        });
        return n[0];
    }

    @Override
    public List<Allocation> holders(String resource, Instant now) {
        List<Allocation> out = new ArrayList<>();
        read(resource, s -> {
            for (Allocation a : s.holders.values()) {
                if (a.liveAt(now)) out.add(a);
            }
        });
        return out;
    }

    @Override
    public int expire(Instant now) {
        Objects.requireNonNull(now, "now");
        int[] n = {0};
        for (String resource : byResource.keySet()) {
            byResource.computeIfPresent(resource, (r, s) -> {
                n[0] += dropExpired(r, s, now);
                return s.holders.isEmpty() ? null : s;
            });
        }
        return n[0];
    }

    @Override
    public Set<String> resources() { return Set.copyOf(byResource.keySet()); }

    /** Holders recorded on {@code resource}, expired ones included (for tests: a window must not grow). */
    int recorded(String resource) {
        int[] n = {0};
        read(resource, s -> n[0] = s.holders.size());
        return n[0];
    }

    private void read(String resource, java.util.function.Consumer<Slots> reader) {
        if (resource == null) return;
        // Under the resource's bin lock, so that a concurrent compute never shows a half-changed map.
        byResource.computeIfPresent(resource, (r, s) -> {
            reader.accept(s);
            return s;
        });
    }

    private int dropExpired(String resource, Slots s, Instant now) {
        if (s.earliest == null || s.earliest.liveAt(now)) return 0;
        int dropped = 0;
        for (Iterator<Map.Entry<String, Allocation>> it = s.holders.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Allocation> e = it.next();
            if (!e.getValue().liveAt(now)) {
                it.remove();
                unindex(e.getKey(), s.resource);
                dropped++;
            }
        }
        s.recomputeEarliest();
        return dropped;
    }

    private void record(Slots s, Allocation a) {
        s.holders.put(a.holder(), a);
        if (s.earliest == null || a.expiresBefore(s.earliest)) s.earliest = a;
        resourcesByHolder.compute(a.holder(), (h, held) -> with(held, a.resource()));
    }

    /** {@code held} (a holder index value, or null) plus {@code resource}: a new value, {@code held} untouched. */
    static Object with(Object held, String resource) {
        if (held == null) return resource;
        if (held instanceof String one) return one.equals(resource) ? one : new String[] {one, resource};
        String[] many = (String[]) held;
        for (String r : many) if (r.equals(resource)) return many;
        String[] out = Arrays.copyOf(many, many.length + 1);
        out[many.length] = resource;
        return out;
    }

    /** {@code held} minus {@code resource}: a new value (a String when one is left), null when none is left. */
    static Object without(Object held, String resource) {
        if (held instanceof String one) return one.equals(resource) ? null : one;
        String[] many = (String[]) held;
        int at = -1;
        for (int i = 0; i < many.length && at < 0; i++) if (many[i].equals(resource)) at = i;
        if (at < 0) return many;
        if (many.length == 2) return many[1 - at];
        String[] out = new String[many.length - 1];
        System.arraycopy(many, 0, out, 0, at);
        System.arraycopy(many, at + 1, out, at, many.length - at - 1);
        return out;
    }

    /** Resources the holder index lists for {@code holder} (for tests: it must follow the allocations). */
    Set<String> indexedResources(String holder) {
        Object held = resourcesByHolder.get(holder);
        if (held == null) return Set.of();
        return held instanceof String one ? Set.of(one) : Set.of((String[]) held);
    }

    /** How many holders the holder index has (for tests: nothing may be left behind). */
    int indexedHolders() { return resourcesByHolder.size(); }

    /** How many holders were recorded before {@code holder} (insertion order is allocation order). */
    private static int recordedBefore(Slots s, String holder) {
        int n = 0;
        for (String h : s.holders.keySet()) {
            if (h.equals(holder)) return n;
            n++;
        }
        return n;
    }

    /** The holder passed the limit: its allocation stops being a forced one (same place in the order). */
    private static void unforce(Slots s, String holder) {
        Allocation a = s.holders.get(holder);
        s.holders.put(holder, a.withForced(false));
    }

    private static void extend(Slots s, Allocation existing, Instant expiresAt) {
        if (!existing.expiresBefore(expiresAt)) return;
        s.holders.put(existing.holder(), existing.withExpiry(expiresAt));
        if (existing.expiresWith(s.earliest)) s.recomputeEarliest();
    }

    private void unindex(String holder, String resource) {
        resourcesByHolder.computeIfPresent(holder, (h, held) -> without(held, resource));
    }

    private static void check(String resource, String holder, Instant expiresAt) {
        if (resource == null || resource.isBlank()) throw new IllegalArgumentException("resource is required");
        if (holder == null || holder.isBlank()) throw new IllegalArgumentException("holder is required");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
