package io.callguard.core.policy;

/**
 * Builds a {@link Policy} from configuration. Implementations are declared by their rule module
 * ({@link io.callguard.core.module.RuleModule#policies}) or built in ({@link PolicyRegistry#builtIns}), and switched on
 * by name in the configuration.
 */
public interface PolicyProvider {
    /** Name used in the configuration's {@code policies} list, e.g. {@code emergency}. */
    String name();

    /** @throws IllegalArgumentException with a message naming the setting when the configuration is wrong */
    Policy create(PolicyEnvironment environment);
}
