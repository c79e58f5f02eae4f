package io.callguard.core.policy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A policy scripted by a function, which records what it was asked and told. */
final class RecordingPolicy implements Policy {
    final String name;
    final Function<CallContext, CompletionStage<Optional<Decision>>> answer;
    final List<CallContext> evaluated = new CopyOnWriteArrayList<>();
    final List<Decision> decided = new CopyOnWriteArrayList<>();

    RecordingPolicy(String name, Function<CallContext, CompletionStage<Optional<Decision>>> answer) {
        this.name = name;
        this.answer = answer;
    }

    static RecordingPolicy passing(String name) { return new RecordingPolicy(name, c -> Policy.pass()); }

    static RecordingPolicy settling(String name, Decision d) { return new RecordingPolicy(name, c -> Policy.settle(d)); }

    @Override public String name() { return name; }

    @Override
    public CompletionStage<Optional<Decision>> evaluate(CallContext call) {
        evaluated.add(call);
        return answer.apply(call);
    }

    @Override
    public void onDecided(CallContext call, Decision decision) { decided.add(decision); }
}
