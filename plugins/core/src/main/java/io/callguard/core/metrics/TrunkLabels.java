package io.callguard.core.metrics;

import io.callguard.core.directory.Ids;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Which trunks get a {@code trunk} label on the per-trunk metrics ({@code metrics.trunkLabels}): a trunk id is an
 * operator-controlled but unbounded value, so the series are bounded (docs/metrics.md, "Cardinality"):
 * <ul>
 *   <li>{@code none}: no per-trunk series (only the totals over every trunk);</li>
 *   <li>{@code top:N} (1..500, default {@code top:20}): the N trunks with the most channels in use at each scrape
 *       (ties: by cap, then by id), the others summed in the totals;</li>
 *   <li>a list of trunk ids: those trunks only (at most 500), whatever their use.</li>
 * </ul>
 */
public final class TrunkLabels {
    /** The configuration key. */
    public static final String KEY = "metrics.trunkLabels";
    public static final String DEFAULT = "top:20";
    public static final int MAX = 500;

    private final int top;
    private final Set<String> listed;

    private TrunkLabels(int top, Set<String> listed) {
        this.top = top;
        this.listed = Set.copyOf(listed);
    }

    /** No trunk labelled. */
    public static TrunkLabels none() { return new TrunkLabels(0, Set.of()); }

    /** The busiest {@code n} trunks at each scrape. */
    public static TrunkLabels top(int n) {
        if (n < 1 || n > MAX) throw new IllegalArgumentException(KEY + ": top:N takes 1.." + MAX + ", got " + n);
        return new TrunkLabels(n, Set.of());
    }

    /**
     * Reads the key's value (a list as the configuration gives it).
     *
     * @throws IllegalArgumentException naming the key, when the value is none of the three forms
     */
    public static TrunkLabels parse(List<String> value) {
        if (value.isEmpty()) throw new IllegalArgumentException(KEY + ": must be none, top:N or a list of trunk ids");
        if (value.size() == 1) {
            String v = value.get(0).trim();
            if (v.equalsIgnoreCase("none")) return none();
            if (v.regionMatches(true, 0, "top:", 0, 4)) {
                int n;
                try {
                    n = Integer.parseInt(v.substring(4).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(KEY + ": '" + v + "' is not top:N with N a number 1.." + MAX);
                }
                return top(n);
            }
        }
        if (value.size() > MAX) throw new IllegalArgumentException(KEY + ": at most " + MAX + " trunk ids, got " + value.size());
        Set<String> ids = new LinkedHashSet<>();
        for (String raw : value) {
            String id = raw.trim();
            if (id.equalsIgnoreCase("none") || id.regionMatches(true, 0, "top:", 0, 4)) {
                throw new IllegalArgumentException(KEY + ": '" + id + "' must be alone (none, top:N) or the value is a list of trunk ids");
            }
            if (!Ids.valid(id)) throw new IllegalArgumentException(KEY + ": '" + id + "' is not a trunk id: " + Ids.RULE);
            ids.add(id);
        }
        return new TrunkLabels(0, ids);
    }

    /** True when no trunk is ever labelled. */
    public boolean isNone() { return top == 0 && listed.isEmpty(); }

    /**
     * The trunks to label now, among {@code trunks}: the listed ones present, or the {@code top} busiest by
     * {@code inUse} (then by {@code cap}, then by id).
     */
    public <T> List<T> pick(List<T> trunks, java.util.function.Function<T, String> id, ToIntFunction<T> inUse,
                            ToIntFunction<T> cap) {
        if (isNone()) return List.of();
        if (!listed.isEmpty()) return trunks.stream().filter(t -> listed.contains(id.apply(t))).toList();
        return trunks.stream().sorted(Comparator.comparingInt(inUse).reversed()
                        .thenComparing(Comparator.comparingInt(cap).reversed()).thenComparing(id))
                .limit(top).toList();
    }

    @Override public String toString() {
        return isNone() ? "none" : listed.isEmpty() ? "top:" + top : String.join(",", listed);
    }
}
