package io.callguard.core.policy;

/** Hears every final decision with its resolved call (the call tracker, later the records). Must not block. */
@FunctionalInterface
public interface DecisionListener {
    void onDecision(CallContext call, Decision decision);

    /**
     * What a failure of this listener is logged and counted under: by default the simple name of its class (of the
     * class that declared it, for a lambda or method reference).
     */
    default String name() {
        String n = getClass().getSimpleName();
        int lambda = n.indexOf("$$Lambda");
        if (lambda > 0) return n.substring(0, lambda);
        return n.isEmpty() ? getClass().getName() : n;
    }
}
