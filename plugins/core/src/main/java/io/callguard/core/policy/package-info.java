/**
 * The policy SPI: a {@link io.callguard.core.policy.CallContext} goes through an ordered
 * {@link io.callguard.core.policy.PolicyChain} of {@link io.callguard.core.policy.Policy} plugins, each built by a
 * {@link io.callguard.core.policy.PolicyProvider} that is built in ({@code emergency}, {@code default}) or declared by
 * its rule module ({@link io.callguard.core.module.RuleModule#policies}), and switched on by name in the configuration.
 * What fails is decided here too: {@link io.callguard.core.policy.FailurePolicy} for the adapters,
 * {@link io.callguard.core.policy.OnStateFailure} for a policy whose state backend failed or timed out.
 */
package io.callguard.core.policy;
