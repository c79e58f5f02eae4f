package io.callguard.core.limits;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * One node's view of allocations shared by several nodes (a Redis backend): every holder this node names is stored as
 * {@code <nodeId>|<holder>}, so that two Asterisk servers behind two nodes whose uniqueids happen to be equal never
 * share a slot, and a node only ever releases, lists and reconciles the holders it owns (the calls of its own Asterisk
 * servers), while the limits count every node's holders.
 *
 * <p>{@link #holders} lists this node's holders only (what a reconciliation against this node's Asterisk may free or
 * adopt); {@link #inUse} counts all of them. {@link #releaseResource} and {@link #expire} act on every node's.
 */
public final class NodeScopedAllocations implements Allocations {
    /** What a node id may hold: it is part of every shared key. */
    public static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final char SEPARATOR = '|';

    private final Allocations shared;
    private final String prefix;

    /**
     * @param shared the backend every node counts in
     * @param nodeId this node's id ({@link #NODE_ID})
     */
    public NodeScopedAllocations(Allocations shared, String nodeId) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.prefix = holderPrefix(nodeId);
    }

    /**
     * What this node's holders start with in a shared backend ({@code <nodeId>|}).
     *
     * @throws IllegalArgumentException when {@code nodeId} does not match {@link #NODE_ID}
     */
    public static String holderPrefix(String nodeId) {
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("node id must match " + NODE_ID.pattern() + ": '" + nodeId + "'");
        }
        return nodeId + SEPARATOR;
    }

    private String scoped(String holder) {
        if (holder == null || holder.isBlank()) throw new IllegalArgumentException("blank holder");
        return prefix + holder;
    }

    @Override
    public boolean allocate(String resource, String holder, int limit, Instant expiresAt, Instant now) {
        return shared.allocate(resource, scoped(holder), limit, expiresAt, now);
    }

    @Override
    public CompletionStage<Boolean> allocateAsync(String resource, String holder, int limit, Instant expiresAt, Instant now) {
        return shared.allocateAsync(resource, scoped(holder), limit, expiresAt, now);
    }

    @Override
    public CompletionStage<Boolean> releaseAsync(String resource, String holder) {
        return shared.releaseAsync(resource, scoped(holder));
    }

    @Override
    public CompletionStage<Void> forceAllocateAsync(String resource, String holder, Instant expiresAt, Instant now) {
        return shared.forceAllocateAsync(resource, scoped(holder), expiresAt, now);
    }

    @Override
    public CompletionStage<Integer> releaseHolderAsync(String holder, String resourcePrefix) {
        return shared.releaseHolderAsync(scoped(holder), resourcePrefix);
    }

    @Override
    public void forceAllocate(String resource, String holder, Instant expiresAt) {
        shared.forceAllocate(resource, scoped(holder), expiresAt);
    }

    @Override
    public void forceAllocate(String resource, String holder, Instant expiresAt, Instant now) {
        shared.forceAllocate(resource, scoped(holder), expiresAt, now);
    }

    @Override
    public boolean release(String resource, String holder) { return shared.release(resource, scoped(holder)); }

    @Override
    public int releaseHolder(String holder) { return shared.releaseHolder(scoped(holder)); }

    @Override
    public int releaseHolder(String holder, String resourcePrefix) {
        return shared.releaseHolder(scoped(holder), resourcePrefix);
    }

    @Override
    public int releaseResource(String resource) { return shared.releaseResource(resource); }

    @Override
    public int inUse(String resource, Instant now) { return shared.inUse(resource, now); }

    /** This node's holders of {@code resource}, named as this node named them; the other nodes' are left out. */
    @Override
    public List<Allocation> holders(String resource, Instant now) {
        List<Allocation> out = new ArrayList<>();
        for (Allocation a : shared.holders(resource, now)) {
            if (a.holder().startsWith(prefix)) {
                out.add(new Allocation(a.resource(), a.holder().substring(prefix.length()), a.allocatedAt(),
                        a.expiresAt(), a.forced()));
            }
        }
        return out;
    }

    @Override
    public int expire(Instant now) { return shared.expire(now); }

    @Override
    public Set<String> resources() { return shared.resources(); }

    @Override
    public boolean answersInProcess() { return shared.answersInProcess(); }
}
