package io.callguard.core.policy.builtin;

import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.Reasons;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Settles every call to an emergency number with ALLOW, whatever the account, its state or its caps (R6), and
 * without a maximum duration: an emergency call is never cut. Passes every other call. Never fails.
 */
public final class EmergencyPolicy implements Policy {
    public static final String NAME = "emergency";
    public static final Decision ALLOW_EMERGENCY = Decision.allow(Reasons.EMERGENCY, null);

    private static final CompletionStage<Optional<Decision>> SETTLED = Policy.settle(ALLOW_EMERGENCY);

    @Override public String name() { return NAME; }

    @Override
    public CompletionStage<Optional<Decision>> evaluate(CallContext call) {
        return call.isEmergency() ? SETTLED : Policy.pass();
    }
}
