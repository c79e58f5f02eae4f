package io.callguard.caps;

import io.callguard.core.limits.Allocations;
import io.callguard.core.policy.PolicyEnvironment;

/** Finds the {@link Allocations} the server shares between the cap policies and the reconciler. */
final class SharedAllocations {
    private SharedAllocations() { }

    static Allocations of(String policy, PolicyEnvironment environment) {
        return environment.find(Allocations.class).orElseThrow(() -> new IllegalStateException("policy." + policy
                + ": needs the shared " + Allocations.class.getName() + " service, which the server registers in the"
                + " policy environment"));
    }
}
