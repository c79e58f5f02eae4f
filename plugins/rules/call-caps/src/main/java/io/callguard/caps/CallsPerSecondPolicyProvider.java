package io.callguard.caps;

import io.callguard.core.policy.OnStateFailure;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyProvider;
import io.callguard.core.policy.PolicySettings;

/**
 * Provides {@link CallsPerSecondPolicy}. One optional setting under {@code policy.calls-per-second}: {@code limit},
 * new calls per second for accounts without their own {@code callsPerSecond} (a whole number, 0 = no limit, the
 * default); {@code onStateFailure} (fail, pass or deny, default fail: see {@link OnStateFailure}). Needs the shared {@link io.callguard.core.limits.Allocations} service.
 */
public final class CallsPerSecondPolicyProvider implements PolicyProvider {
    @Override public String name() { return CallsPerSecondPolicy.NAME; }

    @Override
    public Policy create(PolicyEnvironment environment) {
        PolicySettings s = PolicySettings.of(CallsPerSecondPolicy.NAME, environment)
                .allowOnly(CallsPerSecondPolicy.SETTING_LIMIT, OnStateFailure.SETTING);
        int limit = limit(s, environment.settings().get(CallsPerSecondPolicy.SETTING_LIMIT));
        return new CallsPerSecondPolicy(SharedAllocations.of(CallsPerSecondPolicy.NAME, environment),
                environment.clock(), limit, SharedAllocations.stateCalls(environment), OnStateFailure.from(s));
    }

    /** A whole number from 0 up (YAML integer or string from an environment override). */
    static int limit(PolicySettings s, Object v) {
        if (v == null) return 0;
        String key = s.key(CallsPerSecondPolicy.SETTING_LIMIT);
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else if (v instanceof String str) {
            try {
                n = Long.parseLong(str.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": expected a whole number of calls per second (0 = no limit), got '" + v + "'");
            }
        } else {
            throw new IllegalArgumentException(key + ": expected a whole number of calls per second (0 = no limit), got '" + v + "'");
        }
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + ": expected a whole number of calls per second (0 = no limit), got '" + v + "'");
        }
        return (int) n;
    }
}
