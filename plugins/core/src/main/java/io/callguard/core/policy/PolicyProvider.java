package io.callguard.core.policy;

/**
 * Builds a {@link Policy} from configuration. Implementations are listed in
 * {@code META-INF/services/io.callguard.core.policy.PolicyProvider} and switched on by name in the configuration.
 */
public interface PolicyProvider {
    /** Name used in the configuration's {@code policies} list, e.g. {@code emergency}. */
    String name();

    /** @throws IllegalArgumentException with a message naming the setting when the configuration is wrong */
    Policy create(PolicyEnvironment environment);
}
