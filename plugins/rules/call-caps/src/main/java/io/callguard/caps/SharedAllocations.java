package io.callguard.caps;

import io.callguard.core.limits.Allocations;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.state.StateCalls;

/**
 * Finds the {@link Allocations} the server shares between the cap policies and the reconciler, and the
 * {@link StateCalls} that bound their calls ({@code state.timeout}).
 */
final class SharedAllocations {
    private SharedAllocations() { }

    static Allocations of(String policy, PolicyEnvironment environment) {
        return environment.find(Allocations.class).orElseThrow(() -> new IllegalStateException("policy." + policy
                + ": needs the shared " + Allocations.class.getName() + " service, which the server registers in the"
                + " policy environment"));
    }

    /** The server's {@link StateCalls} ({@code state.timeout}), else the defaults on the environment's clock. */
    static StateCalls stateCalls(PolicyEnvironment environment) {
        return environment.find(StateCalls.class).orElseGet(() -> StateCalls.defaults(environment.clock()));
    }
}
