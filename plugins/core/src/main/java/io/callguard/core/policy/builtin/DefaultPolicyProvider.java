package io.callguard.core.policy.builtin;

import io.callguard.core.directory.Account;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyProvider;
import io.callguard.core.policy.PolicySettings;

/**
 * Provides {@link DefaultPolicy}. Settings under {@code policy.default}, all optional:
 * {@code unknownAccount} = {@code deny} (default) | {@code allow}; {@code defaultMaxSeconds} = the maximum
 * duration of an allowed call of an unknown account (default 7200, R1).
 */
public final class DefaultPolicyProvider implements PolicyProvider {
    @Override public String name() { return DefaultPolicy.NAME; }

    @Override
    public Policy create(PolicyEnvironment environment) {
        PolicySettings s = PolicySettings.of(DefaultPolicy.NAME, environment)
                .allowOnly(DefaultPolicy.SETTING_UNKNOWN_ACCOUNT, DefaultPolicy.SETTING_DEFAULT_MAX_SECONDS);
        boolean allow = s.choice(DefaultPolicy.SETTING_UNKNOWN_ACCOUNT, "deny", "deny", "allow").equals("allow");
        long maxSeconds = s.positiveLong(DefaultPolicy.SETTING_DEFAULT_MAX_SECONDS, Account.DEFAULT_MAX_CALL_SECONDS);
        return new DefaultPolicy(environment.directory(), allow, maxSeconds);
    }
}
