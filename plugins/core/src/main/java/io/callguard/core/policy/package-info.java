/**
 * The policy SPI: a {@link io.callguard.core.policy.CallContext} goes through an ordered
 * {@link io.callguard.core.policy.PolicyChain} of {@link io.callguard.core.policy.Policy} plugins found with
 * {@link java.util.ServiceLoader} and switched on by name in the configuration.
 */
package io.callguard.core.policy;
