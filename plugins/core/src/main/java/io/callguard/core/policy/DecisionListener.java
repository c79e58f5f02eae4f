package io.callguard.core.policy;

/** Hears every final decision with its resolved call (the call tracker, later the records). Must not block. */
@FunctionalInterface
public interface DecisionListener {
    void onDecision(CallContext call, Decision decision);
}
