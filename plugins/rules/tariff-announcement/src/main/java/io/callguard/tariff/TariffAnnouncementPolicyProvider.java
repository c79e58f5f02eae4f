package io.callguard.tariff;

import io.callguard.core.policy.Policy;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyProvider;
import io.callguard.core.policy.PolicySettings;

/**
 * Provides {@link TariffAnnouncementPolicy} ({@code tariff-announcement}). It takes no settings: the charges and
 * the option live on each number in the directory. Place it anywhere before {@code default}: it never settles and
 * refines whatever ALLOW the chain settles.
 */
public final class TariffAnnouncementPolicyProvider implements PolicyProvider {
    @Override public String name() { return TariffAnnouncementPolicy.NAME; }

    @Override
    public Policy create(PolicyEnvironment environment) {
        PolicySettings.of(TariffAnnouncementPolicy.NAME, environment).allowOnly();
        return new TariffAnnouncementPolicy(environment.directory());
    }
}
