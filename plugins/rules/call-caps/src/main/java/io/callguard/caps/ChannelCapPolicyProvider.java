package io.callguard.caps;

import io.callguard.core.state.StateLease;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.directory.Account;
import io.callguard.core.policy.OnStateFailure;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyProvider;
import io.callguard.core.policy.PolicySettings;
import io.callguard.core.state.StateCalls;

/**
 * Provides {@link ChannelCapPolicy}. Settings under {@code policy.channel-cap}, all optional:
 * {@code defaultMaxSeconds} (reservation life of a call without an account maximum, default 7200) and
 * {@code reservationMargin} (seconds added to a call's maximum duration before its reservation expires, default
 * 300), {@code onStateFailure} (fail, pass or deny: the answer when the state backend fails or does not answer
 * within {@code state.timeout}, default fail, see {@link OnStateFailure}). Needs the shared {@link io.callguard.core.limits.Allocations} service; uses the shared {@link CapsSync}
 * when one is registered: the call-caps module shares its own (decisions wait for the first AMI resynchronisation
 * after a start).
 */
public final class ChannelCapPolicyProvider implements PolicyProvider {
    @Override public String name() { return ChannelCapPolicy.NAME; }

    @Override
    public Policy create(PolicyEnvironment environment) {
        PolicySettings s = PolicySettings.of(ChannelCapPolicy.NAME, environment)
                .allowOnly(ChannelCapPolicy.SETTING_DEFAULT_MAX_SECONDS, ChannelCapPolicy.SETTING_RESERVATION_MARGIN,
                        OnStateFailure.SETTING);
        long maxSeconds = s.positiveLong(ChannelCapPolicy.SETTING_DEFAULT_MAX_SECONDS, Account.DEFAULT_MAX_CALL_SECONDS);
        long margin = s.positiveLong(ChannelCapPolicy.SETTING_RESERVATION_MARGIN,
                ChannelCapPolicy.DEFAULT_RESERVATION_MARGIN_SECONDS);
        // the call-caps module's CapsSync when it shares one, else none to wait for (the policy alone); the call
        // tracker when registered: it tells the decided channel's Linkedid
        return new ChannelCapPolicy(SharedAllocations.of(ChannelCapPolicy.NAME, environment),
                environment.find(CapsSync.class).orElseGet(CapsSync::synced),
                environment.find(CallTracker.class).orElse(null), environment.clock(), maxSeconds, margin,
                SharedAllocations.stateCalls(environment), OnStateFailure.from(s))
                .withLease(environment.find(StateLease.class).map(StateLease::time).orElse(null));
    }
}
