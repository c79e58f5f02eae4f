package io.callguard.credit.policy;

import io.callguard.core.policy.OnStateFailure;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyProvider;
import io.callguard.core.policy.PolicySettings;
import io.callguard.core.state.StateCalls;

/**
 * Provides {@link CreditPolicy} over the {@link CreditPolicyParts} the credit module offers once started. One setting
 * of its own, {@code policy.credit.onStateFailure} (fail, pass or deny, default fail: {@link OnStateFailure}); the
 * rest are the module's {@code credit.*} keys. Its state calls are bounded by the server's {@link StateCalls}
 * ({@code state.timeout}).
 */
public final class CreditPolicyProvider implements PolicyProvider {
    @Override public String name() { return CreditPolicy.NAME; }

    @Override
    public Policy create(PolicyEnvironment environment) {
        PolicySettings s = PolicySettings.of(CreditPolicy.NAME, environment).allowOnly(OnStateFailure.SETTING);
        return new CreditPolicy(environment.service(CreditPolicyParts.class), environment.clock(),
                environment.find(StateCalls.class).orElseGet(() -> StateCalls.defaults(environment.clock())),
                OnStateFailure.from(s));
    }
}
