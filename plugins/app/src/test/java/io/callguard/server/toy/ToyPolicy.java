package io.callguard.server.toy;

import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.Policy;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Refuses (cause 21) an outbound call to a number starting with the running toy module's prefix; passes otherwise. */
final class ToyPolicy implements Policy {
    static final String REASON = "TOY_BLOCKED";

    @Override public String name() { return ToyPolicyProvider.NAME; }

    @Override
    public CompletionStage<Optional<Decision>> evaluate(CallContext call) {
        if (call.direction() != Direction.OUTBOUND) return Policy.pass();
        Optional<ToyRuleModule> module = ToyRuleModule.running();
        if (module.isPresent() && call.callee().normalized().startsWith(module.get().blockedPrefix())) {
            return Policy.settle(Decision.deny(REASON, 21, "callguard/toy-blocked"));
        }
        return Policy.pass();
    }
}
