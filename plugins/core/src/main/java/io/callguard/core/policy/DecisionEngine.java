package io.callguard.core.policy;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;

import io.callguard.core.calls.CallMdc;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Resolves a protocol-neutral {@link CallRequest} against the directory and the numbering plan, then asks the
 * policy chain. Adapters call {@link #decide(CallRequest)}; nothing here blocks or touches a database.
 */
public final class DecisionEngine {
    private final Directory directory;
    private final FrenchNumberingPlan plan;
    private final PolicyChain chain;
    private final Clock clock;
    private final List<DecisionListener> listeners;

    public DecisionEngine(Directory directory, FrenchNumberingPlan plan, PolicyChain chain, Clock clock,
                          List<DecisionListener> listeners) {
        this.directory = Objects.requireNonNull(directory);
        this.plan = Objects.requireNonNull(plan);
        this.chain = Objects.requireNonNull(chain);
        this.clock = Objects.requireNonNull(clock);
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Decides {@code request}: its policies run with the call ({@link CallMdc}: its uniqueid and resolved account) in
     * the logging MDC, and so do the decision's listeners; the thread's MDC is put back after each.
     */
    public CompletionStage<Decision> decide(CallRequest request) {
        String uniqueId = CallMdc.uniqueId();
        String accountId = CallMdc.accountId();
        try {
            CallContext call = resolve(request);
            CallMdc.set(request.uniqueId(), call.accountId());
            CompletionStage<Decision> decision = chain.decide(call);
            if (listeners.isEmpty()) return decision;
            return decision.whenComplete((d, err) -> {
                if (d != null) heard(call, d);
            });
        } finally {
            CallMdc.restore(uniqueId, accountId);
        }
    }

    /** Tells the listeners the decision, with the call in the MDC (they may run on the thread that completed it). */
    private void heard(CallContext call, Decision d) {
        String uniqueId = CallMdc.uniqueId();
        String accountId = CallMdc.accountId();
        CallMdc.set(call.uniqueId(), call.accountId());
        try {
            for (DecisionListener l : listeners) {
                try {
                    l.onDecision(call, d);
                } catch (RuntimeException e) {
                    // a listener never changes or delays a decision; its failure is logged and counted
                    chain.failures().listenerFailed(l.name(), call, d, e);
                }
            }
        } finally {
            CallMdc.restore(uniqueId, accountId);
        }
    }

    public FrenchNumberingPlan numberingPlan() { return plan; }

    /** Failures of the policies' {@link Policy#onDecided} and of the listeners, by name (the chain's). */
    public HookFailures hookFailures() { return chain.failures(); }

    /** Builds the call context: who owns the call, on which trunk, to what kind of number. */
    public CallContext resolve(CallRequest r) {
        ClassifiedNumber callee = plan.classify(r.dialled());
        String accountId;
        String trunkId;
        if (r.direction() == Direction.OUTBOUND) {
            trunkId = r.endpoint();
            Trunk t = directory.trunk(trunkId).orElse(null);
            accountId = !r.accountCode().isEmpty() ? r.accountCode() : (t != null ? t.accountId() : "");
        } else {
            DidNumber did = directory.number(callee.normalized()).orElse(null);
            if (did != null) {
                accountId = did.accountId();
                trunkId = did.trunkId() != null ? did.trunkId() : "";
            } else {
                accountId = r.accountCode();
                trunkId = "";
            }
        }
        Account account = directory.account(accountId).orElse(null);
        Trunk trunk = directory.trunk(trunkId).filter(t -> t.accountId().equals(accountId)).orElse(null);
        return new CallContext(r.direction(), accountId, account, trunkId, trunk, r.caller(), callee, r.channel(),
                r.uniqueId(), clock.instant());
    }
}
