package io.callguard.core.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import static io.callguard.core.policy.TestCalls.ACME;
import static io.callguard.core.policy.TestCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

/** The chain's future tells which policy settled the call (the decisions' {@code policy} label, docs/metrics.md). */
class DecisionStageTest {
    private final CallContext call = call(Direction.OUTBOUND, ACME, "0612345678");

    private static Policy policy(String name, Function<CallContext, CompletionStage<Optional<Decision>>> evaluate) {
        return new Policy() {
            @Override public String name() { return name; }
            @Override public CompletionStage<Optional<Decision>> evaluate(CallContext c) { return evaluate.apply(c); }
        };
    }

    @Test
    void thePolicyThatSettledIsNamedAndStagesDerivedFromItNameItToo() {
        Policy passes = policy("passes", c -> Policy.pass());
        Policy denies = policy("denies", c -> Policy.settle(Decision.deny("TRUNK_FULL", 34, null)));
        DecisionStage stage = new PolicyChain(List.of(passes, denies), Decision.allow(60)).decide(call);
        assertThat(stage.join().reason()).isEqualTo("TRUNK_FULL");
        assertThat(stage.settledBy()).isEqualTo("denies");
        // what the engine hands the adapter when it has listeners: a stage derived with whenComplete
        CompletionStage<Decision> derived = stage.whenComplete((d, e) -> { });
        assertThat(DecisionStage.settledBy(derived)).isEqualTo("denies");
        assertThat(DecisionStage.settledBy(CompletableFuture.completedFuture(Decision.allow(1)))).isNull();
    }

    @Test
    void theFallbackIsNamedAndALaterCompletionIsSeenByTheDerivedStage() {
        DecisionStage all = new PolicyChain(List.of(policy("passes", c -> Policy.pass())), Decision.allow(60)).decide(call);
        assertThat(all.settledBy()).isEqualTo(DecisionStage.FALLBACK);

        CompletableFuture<Optional<Decision>> later = new CompletableFuture<>();
        DecisionStage pending = new PolicyChain(List.of(policy("slow", c -> later)), Decision.allow(60)).decide(call);
        CompletionStage<Decision> derived = pending.whenComplete((d, e) -> { });
        assertThat(pending.settledBy()).isNull();
        later.complete(Optional.of(Decision.allow(30)));
        assertThat(derived.toCompletableFuture().join().maxSeconds()).isEqualTo(30);
        assertThat(DecisionStage.settledBy(derived)).isEqualTo("slow");
    }

    @Test
    void aFailedDecisionNamesNoPolicy() {
        DecisionStage failed = new PolicyChain(List.of(policy("throws", c -> { throw new IllegalStateException("x"); })),
                Decision.allow(60)).decide(call);
        assertThat(failed.isCompletedExceptionally()).isTrue();
        assertThat(failed.settledBy()).isNull();
    }
}
