/**
 * The policy SPI: a {@link io.callguard.core.policy.CallContext} goes through an ordered
 * {@link io.callguard.core.policy.PolicyChain} of {@link io.callguard.core.policy.Policy} plugins, each built by a
 * {@link io.callguard.core.policy.PolicyProvider} that is built in ({@code emergency}, {@code default}) or declared by
 * its rule module ({@link io.callguard.core.module.RuleModule#policies}), and switched on by name in the configuration.
 */
package io.callguard.core.policy;
