package io.callguard.core.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static io.callguard.core.policy.TestCalls.ACME;
import static io.callguard.core.policy.TestCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyChainTest {
    private static final Decision FALLBACK = Decision.allow(7200);
    private static final Decision DENY = Decision.deny("BARRED", 21, null);
    private final CallContext call = call(Direction.OUTBOUND, ACME, "0612345678");

    private static Decision decide(PolicyChain chain, CallContext call) throws Exception {
        return chain.decide(call).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void firstDecisionSettlesAndLaterPoliciesAreNotAsked() throws Exception {
        RecordingPolicy a = RecordingPolicy.passing("a");
        RecordingPolicy b = RecordingPolicy.settling("b", DENY);
        RecordingPolicy c = RecordingPolicy.settling("c", Decision.allow(60));
        Decision d = decide(new PolicyChain(List.of(a, b, c), FALLBACK), call);
        assertThat(d).isEqualTo(DENY);
        assertThat(a.evaluated).containsExactly(call);
        assertThat(b.evaluated).containsExactly(call);
        assertThat(c.evaluated).isEmpty();
    }

    @Test
    void everyPolicyOfTheChainHearsTheFinalDecisionEvenThoseNotAsked() throws Exception {
        RecordingPolicy a = RecordingPolicy.passing("a");
        RecordingPolicy b = RecordingPolicy.settling("b", DENY);
        RecordingPolicy c = RecordingPolicy.passing("c");
        decide(new PolicyChain(List.of(a, b, c), FALLBACK), call);
        assertThat(a.decided).containsExactly(DENY);
        assertThat(b.decided).containsExactly(DENY);
        assertThat(c.evaluated).isEmpty();
        assertThat(c.decided).containsExactly(DENY);
    }

    @Test
    void aPolicyAfterTheOneThatSettledHearsTheDecisionOnce() throws Exception {
        RecordingPolicy settles = RecordingPolicy.settling("emergency", Decision.allow("EMERGENCY", null));
        RecordingPolicy counter = RecordingPolicy.passing("counter");
        decide(new PolicyChain(List.of(settles, counter), FALLBACK), call);
        assertThat(counter.evaluated).isEmpty();
        assertThat(counter.decided).containsExactly(Decision.allow("EMERGENCY", null));
    }

    @Test
    void whenAllPassTheFallbackSettlesAndAllHearIt() throws Exception {
        RecordingPolicy a = RecordingPolicy.passing("a");
        RecordingPolicy b = RecordingPolicy.passing("b");
        assertThat(decide(new PolicyChain(List.of(a, b), FALLBACK), call)).isEqualTo(FALLBACK);
        assertThat(a.decided).containsExactly(FALLBACK);
        assertThat(b.decided).containsExactly(FALLBACK);
    }

    @Test
    void aThrowingPolicyFailsTheDecisionWithItsName() {
        RecordingPolicy a = RecordingPolicy.passing("a");
        RecordingPolicy boom = new RecordingPolicy("boom", c -> { throw new IllegalStateException("broken"); });
        RecordingPolicy c = RecordingPolicy.passing("c");
        CompletableFuture<Decision> f = new PolicyChain(List.of(a, boom, c), FALLBACK).decide(call).toCompletableFuture();
        assertThatThrownBy(f::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(PolicyChain.PolicyFailure.class)
                .hasMessageContaining("boom").hasRootCauseMessage("broken");
        assertThat(((PolicyChain.PolicyFailure) f.handle((d, e) -> e).join()).policy()).isEqualTo("boom");
        assertThat(c.evaluated).isEmpty();
        assertThat(a.decided).isEmpty();
    }

    @Test
    void aFailedStageFailsTheDecision() {
        RecordingPolicy failed = new RecordingPolicy("failed",
                c -> CompletableFuture.failedFuture(new IllegalStateException("backend down")));
        CompletableFuture<Decision> f = new PolicyChain(List.of(failed), FALLBACK).decide(call).toCompletableFuture();
        assertThatThrownBy(f::join).cause().isInstanceOf(PolicyChain.PolicyFailure.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNullAnswerFailsTheDecisionInsteadOfHanging() {
        RecordingPolicy nullStage = new RecordingPolicy("nullStage", c -> null);
        RecordingPolicy nullOptional = new RecordingPolicy("nullOptional", c -> CompletableFuture.completedFuture(null));
        for (Policy p : List.of(nullStage, nullOptional)) {
            CompletableFuture<Decision> f = new PolicyChain(List.of(p), FALLBACK).decide(call).toCompletableFuture();
            assertThat(f).isCompletedExceptionally();
        }
    }

    @Test
    void anAsyncPolicyCompletingLaterSettlesAndTheChainContinuesAfterIt() throws Exception {
        CompletableFuture<Optional<Decision>> later = new CompletableFuture<>();
        RecordingPolicy a = RecordingPolicy.passing("a");
        RecordingPolicy async = new RecordingPolicy("async", c -> later);
        RecordingPolicy c = RecordingPolicy.settling("c", DENY);
        CompletableFuture<Decision> f = new PolicyChain(List.of(a, async, c), FALLBACK).decide(call).toCompletableFuture();
        assertThat(f).isNotDone();
        assertThat(c.evaluated).isEmpty();

        later.complete(Optional.empty());
        assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(DENY);
        assertThat(c.evaluated).containsExactly(call);
        assertThat(async.decided).containsExactly(DENY);
        assertThat(a.decided).containsExactly(DENY);
    }

    @Test
    void anAsyncPolicySettlingLaterStopsTheChain() throws Exception {
        CompletableFuture<Optional<Decision>> later = new CompletableFuture<>();
        RecordingPolicy async = new RecordingPolicy("async", c -> later);
        RecordingPolicy c = RecordingPolicy.settling("c", DENY);
        CompletableFuture<Decision> f = new PolicyChain(List.of(async, c), FALLBACK).decide(call).toCompletableFuture();
        later.complete(Optional.of(Decision.allow(10)));
        assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(Decision.allow(10));
        assertThat(c.evaluated).isEmpty();
    }

    @Test
    void anAsyncPolicyFailingLaterFailsTheDecision() {
        CompletableFuture<Optional<Decision>> later = new CompletableFuture<>();
        RecordingPolicy async = new RecordingPolicy("async", c -> later);
        CompletableFuture<Decision> f = new PolicyChain(List.of(async), FALLBACK).decide(call).toCompletableFuture();
        later.completeExceptionally(new IllegalStateException("timeout"));
        assertThatThrownBy(f::join).cause().isInstanceOf(PolicyChain.PolicyFailure.class)
                .hasMessageContaining("async").hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aThrowingOnDecidedChangesNothing() throws Exception {
        Policy noisy = new Policy() {
            @Override public String name() { return "noisy"; }
            @Override public java.util.concurrent.CompletionStage<Optional<Decision>> evaluate(CallContext c) { return Policy.pass(); }
            @Override public void onDecided(CallContext c, Decision d) { throw new IllegalStateException("listener broken"); }
        };
        RecordingPolicy b = RecordingPolicy.settling("b", DENY);
        assertThat(decide(new PolicyChain(List.of(noisy, b), FALLBACK), call)).isEqualTo(DENY);
        assertThat(b.decided).containsExactly(DENY);
    }

    // ---------------------------------------------------------------- refine phase

    /** A policy that passes and refines with a function, recording the decisions it was asked to refine. */
    private static final class Refining implements Policy {
        final String name;
        final java.util.function.UnaryOperator<Decision> refinement;
        final List<Decision> refineSaw = new java.util.ArrayList<>();
        final List<Decision> decided = new java.util.ArrayList<>();

        Refining(String name, java.util.function.UnaryOperator<Decision> refinement) {
            this.name = name;
            this.refinement = refinement;
        }

        @Override public String name() { return name; }
        @Override public java.util.concurrent.CompletionStage<Optional<Decision>> evaluate(CallContext c) { return Policy.pass(); }
        @Override public Decision refine(CallContext c, Decision d) { refineSaw.add(d); return refinement.apply(d); }
        @Override public void onDecided(CallContext c, Decision d) { decided.add(d); }
    }

    @Test
    void aPolicyNotAskedRefinesTheAllowThatAnEarlierPolicySettled() throws Exception {
        RecordingPolicy settles = RecordingPolicy.settling("settles", Decision.allow(600));
        Refining announcer = new Refining("announcer", d -> d.withAnnouncement("callguard/tariff/089-080-min"));
        Decision d = decide(new PolicyChain(List.of(settles, announcer), FALLBACK), call);
        assertThat(d).isEqualTo(Decision.allow(600).withAnnouncement("callguard/tariff/089-080-min"));
        assertThat(announcer.refineSaw).containsExactly(Decision.allow(600));
    }

    @Test
    void refinesRunInChainOrderEachOnThePreviousResultAndOnDecidedHearsTheRefinedDecision() throws Exception {
        Refining first = new Refining("first", d -> d.withMaxSeconds(300));
        RecordingPolicy settles = RecordingPolicy.settling("settles", Decision.allow(600));
        Refining second = new Refining("second", d -> d.withAnnouncement("a"));
        Decision d = decide(new PolicyChain(List.of(first, settles, second), FALLBACK), call);
        Decision expected = Decision.allow(300).withAnnouncement("a");
        assertThat(d).isEqualTo(expected);
        assertThat(first.refineSaw).containsExactly(Decision.allow(600));
        assertThat(second.refineSaw).containsExactly(Decision.allow(300));
        assertThat(first.decided).containsExactly(expected);
        assertThat(settles.decided).containsExactly(expected);
        assertThat(second.decided).containsExactly(expected);
    }

    @Test
    void theFallbackAllowIsRefinedToo() throws Exception {
        Refining announcer = new Refining("announcer", d -> d.withAnnouncement(""));
        assertThat(decide(new PolicyChain(List.of(announcer), FALLBACK), call)).isEqualTo(FALLBACK.withAnnouncement(""));
    }

    @Test
    void aDenyIsNeverRefined() throws Exception {
        RecordingPolicy denies = RecordingPolicy.settling("denies", DENY);
        Refining announcer = new Refining("announcer", d -> d.withAnnouncement("x"));
        assertThat(decide(new PolicyChain(List.of(denies, announcer), FALLBACK), call)).isEqualTo(DENY);
        assertThat(announcer.refineSaw).isEmpty();
        assertThat(announcer.decided).containsExactly(DENY);
    }

    @Test
    void aThrowingRefineIsIgnoredAndTheDecisionStands() throws Exception {
        Refining broken = new Refining("broken", d -> { throw new IllegalStateException("refine broken"); });
        RecordingPolicy settles = RecordingPolicy.settling("settles", Decision.allow(600));
        Refining after = new Refining("after", d -> d.withAnnouncement("a"));
        Decision d = decide(new PolicyChain(List.of(broken, settles, after), FALLBACK), call);
        assertThat(d).isEqualTo(Decision.allow(600).withAnnouncement("a"));
        assertThat(after.refineSaw).containsExactly(Decision.allow(600));
        assertThat(broken.decided).containsExactly(d);
    }

    @Test
    void aRefineThatAnswersNullOrADenyIsIgnoredBecauseARefineDoesNotSettle() throws Exception {
        Refining nulls = new Refining("nulls", d -> null);
        Refining denies = new Refining("denies", d -> DENY);
        RecordingPolicy settles = RecordingPolicy.settling("settles", Decision.allow(600));
        assertThat(decide(new PolicyChain(List.of(nulls, denies, settles), FALLBACK), call)).isEqualTo(Decision.allow(600));
        assertThat(denies.refineSaw).containsExactly(Decision.allow(600));
    }

    @Test
    void anAsyncAllowIsRefinedWhenItCompletes() throws Exception {
        CompletableFuture<Optional<Decision>> later = new CompletableFuture<>();
        RecordingPolicy async = new RecordingPolicy("async", c -> later);
        Refining announcer = new Refining("announcer", d -> d.withAnnouncement("a"));
        CompletableFuture<Decision> f = new PolicyChain(List.of(async, announcer), FALLBACK).decide(call).toCompletableFuture();
        assertThat(announcer.refineSaw).isEmpty();
        later.complete(Optional.of(Decision.allow(10)));
        assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(Decision.allow(10).withAnnouncement("a"));
    }

    @Test
    void withoutARefiningPolicyTheSettledAllowIsReturnedAsTheSameInstance() throws Exception {
        Decision allow = Decision.allow(600);
        RecordingPolicy a = RecordingPolicy.passing("a");
        RecordingPolicy settles = RecordingPolicy.settling("settles", allow);
        assertThat(decide(new PolicyChain(List.of(a, settles), FALLBACK), call)).isSameAs(allow);
    }

    @Test
    void anEmptyChainIsRefused() {
        assertThatThrownBy(() -> new PolicyChain(List.of(), FALLBACK)).isInstanceOf(IllegalArgumentException.class);
    }
}
