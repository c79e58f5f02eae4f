package io.callguard.server.toy;

import io.callguard.core.policy.Policy;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyProvider;

/** Provides the {@code toy} policy; enabled, like every policy, by its name in {@code policies}. */
public final class ToyPolicyProvider implements PolicyProvider {
    static final String NAME = "toy";

    @Override public String name() { return NAME; }

    @Override public Policy create(PolicyEnvironment environment) { return new ToyPolicy(); }
}
