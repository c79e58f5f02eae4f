package io.callguard.core.policy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The future a {@link PolicyChain} completes with its decision, telling also which policy settled it
 * ({@link #settledBy()}), for the decisions' metrics ({@code policy} label, docs/metrics.md). The stages derived from
 * it with {@code whenComplete}, as the {@link DecisionEngine} does to tell its listeners, are of this type too and
 * answer the same name ({@link #newIncompleteFuture()}): no allocation beyond the stages themselves.
 */
public final class DecisionStage extends CompletableFuture<Decision> {
    /** {@link #settledBy()} when the chain's fallback settled the call (every policy passed). */
    public static final String FALLBACK = "fallback";

    private final DecisionStage source;
    private volatile String settledBy;

    DecisionStage() { this.source = null; }

    private DecisionStage(DecisionStage source) { this.source = source; }

    /** Completes with the decision {@code policy} settled. */
    void settle(String policy, Decision decision) {
        settledBy = policy;
        complete(decision);
    }

    /**
     * The name of the policy that settled the decision ({@link #FALLBACK} for the chain's fallback); null while not
     * complete, and for a failed decision.
     */
    public String settledBy() { return source != null ? source.settledBy() : settledBy; }

    /** The settling policy of a stage the engine answered, null when it is not one of the chain's. */
    public static String settledBy(CompletionStage<Decision> stage) {
        return stage instanceof DecisionStage d ? d.settledBy() : null;
    }

    @Override public <U> CompletableFuture<U> newIncompleteFuture() {
        // dependent stages (whenComplete…) stay DecisionStages that read this one's policy; their value type is
        // unchecked by CompletableFuture's design, and only Decision-valued stages are derived from a chain's
        @SuppressWarnings("unchecked")
        CompletableFuture<U> derived = (CompletableFuture<U>) (CompletableFuture<?>) new DecisionStage(this);
        return derived;
    }
}
