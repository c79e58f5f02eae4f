package io.callguard.server;

import io.callguard.core.module.RuleModules;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyRegistry;
import io.callguard.server.config.ConfigException;
import io.callguard.server.config.Config;

import java.util.List;

/**
 * The configured policy chain: its names checked before anything is opened ({@link #check}), built from the core's
 * built-in providers and the started rule modules' ones once they started ({@link #build}).
 */
final class ConfiguredPolicies {
    private ConfiguredPolicies() { }

    /**
     * Checks the {@code policies} list ({@link RuleModules#checkPolicyNames}) before anything is opened.
     *
     * @throws ConfigException naming the entry of {@code policies} that is wrong
     */
    static void check(List<String> names, RuleModules found, RuleModules enabled, List<String> enabledNames) {
        try {
            found.checkPolicyNames(names, enabled, enabledNames);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * The chain of the configured policies from {@code registry} (the core's built-in providers and the started
     * modules' ones) over {@code base} (the app's shared services and those the started modules declare); handed to
     * the modules once built.
     *
     * @throws ConfigException naming the policy setting that is wrong
     */
    static PolicyChain build(PolicyRegistry registry, Config.Policies policies, PolicyEnvironment base,
                             RuleModules started) {
        PolicyChain built;
        try {
            built = registry.build(policies.enabled(), base, policies.settings());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        started.chainBuilt(built);
        return built;
    }
}
