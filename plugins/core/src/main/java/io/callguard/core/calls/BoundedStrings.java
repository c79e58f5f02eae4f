package io.callguard.core.calls;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out one shared instance per value for the low-cardinality Strings a live call keeps (endpoints, account ids,
 * one-character extensions such as {@code s}): 10,000s of live calls then hold one copy of each, not one per
 * channel. The values come from AMI and FastAGI text, which callguard does not control, so the table is bounded in
 * entries and in the length of what it keeps: when it is full it is emptied and learns again (a flood of distinct
 * values costs sharing, never memory). Thread-safe; {@link #of} never blocks.
 *
 * <p>Public for the modules that keep their own per-call state next to the tracker's (the call records' builder):
 * they share the same values through a table of their own.
 */
public final class BoundedStrings {
    private final int maxEntries;
    private final int maxLength;
    private final ConcurrentHashMap<String, String> shared = new ConcurrentHashMap<>();

    /**
     * @param maxEntries at most this many distinct values are kept
     * @param maxLength  longer values are returned as given, never kept
     */
    public BoundedStrings(int maxEntries, int maxLength) {
        if (maxEntries < 1 || maxLength < 0) throw new IllegalArgumentException("maxEntries >= 1, maxLength >= 0");
        this.maxEntries = maxEntries;
        this.maxLength = maxLength;
    }

    /** The shared instance equal to {@code s} ({@code s} itself the first time, or when not kept); null for null. */
    public String of(String s) {
        if (s == null) return null;
        if (s.isEmpty()) return "";
        if (s.length() > maxLength) return s;
        String known = shared.get(s);
        if (known != null) return known;
        // the size is approximate under concurrency: the bound may be passed by the number of writing threads
        if (shared.size() >= maxEntries) shared.clear();
        known = shared.putIfAbsent(s, s);
        return known != null ? known : s;
    }

    /** How many values are kept now (for tests: the bound holds). */
    int size() { return shared.size(); }
}
