package io.callguard.core.state;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * How a limit shared by the live nodes is divided among them while each counts alone (the state backend's
 * {@code local} fallback, {@link FallbackState}): the node at rank {@code i} among {@code N} live node ids sorted
 * by name gets {@code floor(L / N) + (i < L mod N ? 1 : 0)} of a limit {@code L}. Deterministic (every node computes
 * the same division from the same list) and exact in sum (the shares add up to {@code L}, never more): a T0 trunk's
 * 2 channels on 2 nodes give 1 and 1, on 3 nodes 1, 1 and 0 (the last node refuses every capped call).
 *
 * @param nodes the live nodes' ids, sorted, without duplicates, {@code self} among them
 * @param self  this node's id
 */
public record NodeShares(List<String> nodes, String self) {
    public NodeShares {
        Objects.requireNonNull(self, "self");
        TreeSet<String> sorted = new TreeSet<>(Objects.requireNonNull(nodes, "nodes"));
        sorted.add(self); // a node always counts itself live
        nodes = List.copyOf(sorted);
    }

    /** This node alone (no membership known yet: it never reached Redis since its start). */
    public static NodeShares alone(String self) { return new NodeShares(List.of(), self); }

    /** This node's rank among the sorted live ids. */
    public int rank() { return nodes.indexOf(self); }

    /** How many nodes share the limits. */
    public int count() { return nodes.size(); }

    /** This node's share of {@code limit} ({@link #share(int, int, int)}); a limit of 0 or less stays as it is. */
    public int of(int limit) { return limit <= 0 ? limit : share(limit, rank(), count()); }

    /**
     * The share of {@code limit} of the node at {@code rank} among {@code nodes}: {@code floor(limit / nodes)}, plus one
     * for the first {@code limit mod nodes} ranks.
     *
     * @throws IllegalArgumentException on a negative limit, no node or a rank outside {@code [0, nodes)}
     */
    public static int share(int limit, int rank, int nodes) {
        if (limit < 0) throw new IllegalArgumentException("limit must not be negative: " + limit);
        if (nodes < 1) throw new IllegalArgumentException("at least one node: " + nodes);
        if (rank < 0 || rank >= nodes) throw new IllegalArgumentException("rank " + rank + " outside [0, " + nodes + ")");
        return limit / nodes + (rank < limit % nodes ? 1 : 0);
    }
}
