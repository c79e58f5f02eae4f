package io.callguard.core.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The ordered policies of a decision. The first policy that returns a decision settles the call; then EVERY policy
 * of the chain, asked or not, hears the final decision through {@link Policy#onDecided} (in chain order), so that a
 * policy placed after the one that settled still sees the call: the channel cap counts an emergency call that the
 * emergency policy settled before it was asked. A failed decision ({@link PolicyFailure}) is heard by nobody.
 * When all pass, the chain
 * settles with {@code fallback} (the chain shipped in the configuration ends with the {@code default} policy,
 * which always settles, so the fallback is a safety net).
 */
public final class PolicyChain {
    private final List<Policy> policies;
    private final Decision fallback;

    public PolicyChain(List<Policy> policies, Decision fallback) {
        if (policies.isEmpty()) throw new IllegalArgumentException("a policy chain needs at least one policy");
        this.policies = List.copyOf(policies);
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    public List<Policy> policies() { return policies; }

    public CompletionStage<Decision> decide(CallContext call) {
        CompletableFuture<Decision> result = new CompletableFuture<>();
        step(call, 0, result);
        return result;
    }

    private void step(CallContext call, int index, CompletableFuture<Decision> result) {
        // Loop while stages are already complete (the in-memory case) to avoid one callback per policy.
        for (int i = index; i < policies.size(); i++) {
            CompletableFuture<Optional<Decision>> f;
            try {
                CompletionStage<Optional<Decision>> stage = policies.get(i).evaluate(call);
                if (stage == null) throw new NullPointerException("policy answered a null stage");
                f = stage.toCompletableFuture();
            } catch (RuntimeException e) {
                finish(call, i, null, e, result);
                return;
            }
            if (!f.isDone()) {
                final int at = i;
                f.whenComplete((d, err) -> {
                    if (err != null) finish(call, at, null, unwrap(err), result);
                    else if (d == null) finish(call, at, null, nullResult(), result);
                    else if (d.isPresent()) finish(call, at, d.get(), null, result);
                    else step(call, at + 1, result);
                });
                return;
            }
            Optional<Decision> d;
            try {
                d = f.join();
            } catch (RuntimeException e) {
                finish(call, i, null, unwrap(e), result);
                return;
            }
            if (d == null) {
                finish(call, i, null, nullResult(), result);
                return;
            }
            if (d.isPresent()) {
                finish(call, i, d.get(), null, result);
                return;
            }
        }
        finish(call, policies.size() - 1, fallback, null, result);
    }

    private void finish(CallContext call, int lastAsked, Decision decision, Throwable error, CompletableFuture<Decision> result) {
        if (decision != null) {
            for (Policy p : policies) {
                try {
                    p.onDecided(call, decision);
                } catch (RuntimeException ignored) {
                    // a listener's failure must not change a decision already taken
                }
            }
            result.complete(decision);
        } else {
            result.completeExceptionally(new PolicyFailure(policies.get(lastAsked).name(), error));
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** A policy must answer pass() or settle(...); null would otherwise leave the decision hanging. */
    private static Throwable nullResult() { return new NullPointerException("policy answered null instead of an Optional"); }

    /** A policy threw or failed; the adapter answers with the configured failure verdict. */
    public static final class PolicyFailure extends RuntimeException {
        private final String policy;

        PolicyFailure(String policy, Throwable cause) {
            super("policy '" + policy + "' failed: " + cause, cause);
            this.policy = policy;
        }

        public String policy() { return policy; }
    }
}
