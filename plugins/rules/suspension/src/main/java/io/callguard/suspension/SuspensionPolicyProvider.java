package io.callguard.suspension;

import io.callguard.core.policy.Policy;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyProvider;
import io.callguard.core.policy.PolicySettings;

/**
 * Provides {@link SuspensionPolicy}; it takes no settings. Needs the shared {@link SuspensionBook} service, which the
 * suspension module builds at its start and declares (the same book its {@link SuspensionService} writes).
 */
public final class SuspensionPolicyProvider implements PolicyProvider {
    @Override public String name() { return SuspensionPolicy.NAME; }

    @Override
    public Policy create(PolicyEnvironment environment) {
        PolicySettings.of(SuspensionPolicy.NAME, environment).allowOnly();
        SuspensionBook book = environment.find(SuspensionBook.class).orElseThrow(() -> new IllegalStateException(
                "policy." + SuspensionPolicy.NAME + ": needs the shared " + SuspensionBook.class.getName()
                        + " service, which the suspension module declares once started"));
        return new SuspensionPolicy(book, environment.directory());
    }
}
