package io.callguard.core.policy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The ordered policies of a decision, in three phases:
 * <ol>
 *   <li><b>settle</b>: the policies are asked in order; the first that returns a decision settles the call and the
 *       later ones are not asked. When all pass, the chain settles with {@code fallback} (the chain shipped in the
 *       configuration ends with the {@code default} policy, which always settles, so the fallback is a safety net).</li>
 *   <li><b>refine</b>, only when the settled decision is an ALLOW: EVERY policy, asked or not, may annotate it
 *       through {@link Policy#refine} (in chain order, each seeing the previous one's result): the tariff
 *       announcement of an 08 number, a lower duration limit. A refine that throws, answers null or turns the ALLOW
 *       into a DENY is logged and ignored: the decision stands as it was before that policy.</li>
 *   <li><b>decided</b>: EVERY policy, asked or not, hears the final (refined) decision through
 *       {@link Policy#onDecided} (in chain order), so that a policy placed after the one that settled still sees the
 *       call: the channel cap counts an emergency call that the emergency policy settled before it was asked.
 *       An {@code onDecided} that throws is logged and counted ({@link HookFailures}); the others still hear the
 *       decision and it stands.</li>
 * </ol>
 * A failed decision ({@link PolicyFailure}) is neither refined nor heard by anybody.
 *
 * <p>When every stage is already complete (policies answering from memory) the whole decision runs in one loop on
 * the caller's thread, and the refine phase allocates nothing unless a policy changes the decision.
 */
public final class PolicyChain {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyChain.class);

    private final List<Policy> policies;
    private final Decision fallback;
    private final HookFailures failures;

    public PolicyChain(List<Policy> policies, Decision fallback) { this(policies, fallback, new HookFailures()); }

    /** @param failures where a throwing {@link Policy#onDecided} is logged and counted */
    public PolicyChain(List<Policy> policies, Decision fallback, HookFailures failures) {
        if (policies.isEmpty()) throw new IllegalArgumentException("a policy chain needs at least one policy");
        this.policies = List.copyOf(policies);
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    public List<Policy> policies() { return policies; }

    /** The failures of {@link Policy#onDecided} (and of the decision listeners of an engine over this chain). */
    public HookFailures failures() { return failures; }

    /** The decision of the call; the stage also tells which policy settled it ({@link DecisionStage#settledBy()}). */
    public DecisionStage decide(CallContext call) {
        DecisionStage result = new DecisionStage();
        step(call, 0, result);
        return result;
    }

    private void step(CallContext call, int index, DecisionStage result) {
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
        finish(call, -1, fallback, null, result);
    }

    /** @param lastAsked the index of the policy that settled or failed; -1 when the fallback settled */
    private void finish(CallContext call, int lastAsked, Decision decision, Throwable error, DecisionStage result) {
        if (decision != null) {
            if (decision.allowed()) decision = refine(call, decision);
            for (Policy p : policies) {
                try {
                    p.onDecided(call, decision);
                } catch (RuntimeException e) {
                    // a hook's failure must not change a decision already taken, but must not go unseen either
                    failures.policyFailed(p.name(), call, decision, e);
                }
            }
            result.settle(lastAsked < 0 ? DecisionStage.FALLBACK : policies.get(lastAsked).name(), decision);
        } else {
            result.completeExceptionally(new PolicyFailure(policies.get(lastAsked).name(), error));
        }
    }

    /** Runs the refine phase on a settled ALLOW; a misbehaving refine leaves the decision as it was. */
    private Decision refine(CallContext call, Decision allowed) {
        Decision current = allowed;
        for (int i = 0, n = policies.size(); i < n; i++) {
            Policy p = policies.get(i);
            Decision refined;
            try {
                refined = p.refine(call, current);
            } catch (RuntimeException e) {
                LOG.warn("policy '{}' failed to refine the decision of call {}; the decision stands", p.name(),
                        call.uniqueId(), e);
                continue;
            }
            if (refined == current) continue;
            if (refined == null || !refined.allowed()) {
                LOG.warn("policy '{}' answered {} to refine an ALLOW of call {}; ignored (a refine does not settle)",
                        p.name(), refined == null ? "null" : refined.verdict(), call.uniqueId());
                continue;
            }
            current = refined;
        }
        return current;
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
