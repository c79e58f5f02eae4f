package io.callguard.server;

import io.callguard.core.module.RuleModules;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyRegistry;
import io.callguard.server.config.ConfigException;
import io.callguard.server.config.Config;
import io.callguard.suspension.SuspensionPolicy;
import io.callguard.tariff.TariffAnnouncementPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The configured policy chain: its names checked before anything is opened ({@link #check}), built from the core's
 * built-in providers and the started rule modules' ones once they started ({@link #build}).
 */
final class ConfiguredPolicies {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredPolicies.class);

    private ConfiguredPolicies() { }

    /**
     * Checks the {@code policies} list against every policy on the class path (today's messages: unknown, listed
     * twice, misplaced), then that each policy's rule module is enabled: the chain is built from the started modules
     * only, so a policy of a module left out of {@code modules} would otherwise read as unknown. Warns about the
     * operator's rules left out of the list (suspensions, tariff announcements).
     *
     * @throws ConfigException naming the entry of {@code policies} that is wrong
     */
    static void check(List<String> names, RuleModules found, RuleModules enabled, List<String> enabledNames) {
        Map<String, String> owners = found.policyOwners();
        try {
            PolicyRegistry.withBuiltIns(found.all().stream().flatMap(m -> m.policies().stream()).toList()).check(names);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        Map<String, String> startable = enabled.policyOwners();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim();
            String module = owners.get(name);
            if (module != null && !startable.containsKey(name)) {
                throw new ConfigException("policies[" + i + "]: '" + name + "' belongs to rule module '" + module
                        + "', which is not enabled (modules: " + String.join(", ", enabledNames) + ")");
            }
        }
        if (!names.contains(SuspensionPolicy.NAME)) {
            LOG.warn("policy '{}' is not enabled: suspensions are recorded through the admin API but do not refuse "
                    + "any call", SuspensionPolicy.NAME);
        }
        if (!names.contains(TariffAnnouncementPolicy.NAME)) {
            LOG.warn("policy '{}' is not enabled: inbound calls to 081/082/089 numbers are put through without their "
                    + "tariff announcement (R9)", TariffAnnouncementPolicy.NAME);
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
