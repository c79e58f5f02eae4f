package io.callguard.credit.policy;

import io.callguard.core.policy.Policy;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyProvider;

/**
 * Provides {@link CreditPolicy} over the {@link CreditPolicyParts} the credit module offers once started. No settings
 * of its own (the module's {@code credit.*} keys).
 */
public final class CreditPolicyProvider implements PolicyProvider {
    @Override public String name() { return CreditPolicy.NAME; }

    @Override
    public Policy create(PolicyEnvironment environment) {
        return new CreditPolicy(environment.service(CreditPolicyParts.class), environment.clock());
    }
}
