package io.callguard.core.policy.builtin;

import io.callguard.core.policy.Policy;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyProvider;
import io.callguard.core.policy.PolicySettings;

/** Provides {@link EmergencyPolicy}; it takes no settings (the emergency list belongs to the numbering plan). */
public final class EmergencyPolicyProvider implements PolicyProvider {
    @Override public String name() { return EmergencyPolicy.NAME; }

    @Override
    public Policy create(PolicyEnvironment environment) {
        PolicySettings.of(EmergencyPolicy.NAME, environment).allowOnly();
        return new EmergencyPolicy();
    }
}
