package io.callguard.core.policy;

import io.callguard.core.directory.Account;
import io.callguard.core.policy.builtin.DefaultPolicyProvider;
import io.callguard.core.policy.builtin.EmergencyPolicyProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The policy providers of one chain, by name (the built-in ones and those of the started rule modules), and the
 * building of the configured {@link PolicyChain}.
 * Configuration errors are {@link IllegalArgumentException}s that name the configuration key
 * ({@code policies[i]}, or {@code policy.<name>.<setting>}) so that start-up fails with a message an operator can act on.
 */
public final class PolicyRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyRegistry.class);

    /** Name of the policy that must come first when enabled. */
    public static final String EMERGENCY = "emergency";
    /** Name of the policy that settles every call, after which nothing would be asked. */
    public static final String DEFAULT = "default";

    /**
     * Decision of a chain whose policies all passed. The shipped configuration ends with {@code default}, which
     * always settles, so this only answers when a configuration leaves {@code default} out. It is a safety net:
     * refusing every call that no rule settled would cut clients off because of a configuration gap, while an
     * ALLOW still bounded by R1's 120 minutes keeps service within the contract.
     */
    public static final Decision FALLBACK = Decision.allow(Account.DEFAULT_MAX_CALL_SECONDS);

    private final Map<String, PolicyProvider> providers;

    private PolicyRegistry(Map<String, PolicyProvider> providers) { this.providers = providers; }

    /**
     * The core's own providers, {@code emergency} and {@code default}: always there. The others come from the rule
     * modules ({@link io.callguard.core.module.RuleModule#policies}), the app taking those of the started modules only.
     */
    public static List<PolicyProvider> builtIns() {
        return List.of(new EmergencyPolicyProvider(), new DefaultPolicyProvider());
    }

    /** The built-in providers ({@link #builtIns}) and {@code others}, e.g. the started rule modules' policies. */
    public static PolicyRegistry withBuiltIns(List<? extends PolicyProvider> others) {
        List<PolicyProvider> all = new ArrayList<>(builtIns());
        all.addAll(others);
        return of(all);
    }

    /** @throws IllegalStateException when two providers share a name (two plugins would fight over one key) */
    public static PolicyRegistry of(List<? extends PolicyProvider> providers) {
        Map<String, PolicyProvider> byName = new TreeMap<>();
        for (PolicyProvider p : providers) {
            String name = p.name();
            if (name == null || name.isBlank()) {
                throw new IllegalStateException("policy provider " + p.getClass().getName() + " has no name");
            }
            PolicyProvider previous = byName.putIfAbsent(name, p);
            if (previous != null) {
                throw new IllegalStateException("two policy providers are named '" + name + "': "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return new PolicyRegistry(Collections.unmodifiableMap(byName));
    }

    /** Known policy names, sorted. */
    public Set<String> names() { return providers.keySet(); }

    /**
     * Builds the chain of the {@code enabled} policies, in that order, each from {@code base} with its own
     * settings ({@code settingsByPolicy.get(name)}, empty when absent).
     *
     * @throws IllegalArgumentException on an empty list, an unknown or duplicate name, {@code emergency} not first,
     *                                  a policy listed after {@code default}, or a policy's own setting error
     */
    public PolicyChain build(List<String> enabled, PolicyEnvironment base,
                             Map<String, Map<String, Object>> settingsByPolicy) {
        return build(enabled, base, settingsByPolicy, true);
    }

    /**
     * As {@link #build(List, PolicyEnvironment, Map)}, without logging the chain and its warnings: for a second
     * chain of the same configuration (the start-up warm-up), which would only repeat them.
     */
    public PolicyChain buildQuietly(List<String> enabled, PolicyEnvironment base,
                                    Map<String, Map<String, Object>> settingsByPolicy) {
        return build(enabled, base, settingsByPolicy, false);
    }

    /**
     * Checks the {@code enabled} list as {@link #build(List, PolicyEnvironment, Map)} does, without building any
     * policy: for a start that checks the names (with every provider it knows of) before it can build the chain.
     *
     * @throws IllegalArgumentException on an empty list, an unknown or duplicate name, {@code emergency} not first or
     *                                  a policy listed after {@code default}
     */
    public void check(List<String> enabled) { names(enabled); }

    /** The trimmed names of a valid {@code enabled} list, in order. */
    private List<String> names(List<String> enabled) {
        if (enabled == null || enabled.isEmpty()) {
            throw new IllegalArgumentException("policies: the list is empty; enable at least '" + DEFAULT
                    + "' (known: " + known() + ")");
        }
        Map<String, Integer> seen = new HashMap<>();
        List<String> names = new ArrayList<>(enabled.size());
        for (int i = 0; i < enabled.size(); i++) {
            String key = "policies[" + i + "]";
            String raw = enabled.get(i);
            String name = raw == null ? "" : raw.trim();
            if (name.isEmpty()) throw new IllegalArgumentException(key + ": empty policy name (known: " + known() + ")");
            PolicyProvider provider = providers.get(name);
            if (provider == null) {
                throw new IllegalArgumentException(key + ": unknown policy '" + name + "' (known: " + known() + ")");
            }
            Integer first = seen.putIfAbsent(name, i);
            if (first != null) {
                throw new IllegalArgumentException(key + ": policy '" + name + "' is listed twice (also at policies[" + first + "])");
            }
            if (name.equals(EMERGENCY) && i != 0) {
                throw new IllegalArgumentException(key + ": '" + EMERGENCY + "' must come first (policies[0]), "
                        + "emergency calls must be settled before any other rule");
            }
            if (seen.containsKey(DEFAULT) && !name.equals(DEFAULT)) {
                throw new IllegalArgumentException(key + ": '" + name + "' comes after '" + DEFAULT
                        + "', which settles every call, so it would never be asked; move it before '" + DEFAULT + "'");
            }
            names.add(name);
        }
        return names;
    }

    private PolicyChain build(List<String> enabled, PolicyEnvironment base,
                              Map<String, Map<String, Object>> settingsByPolicy, boolean announce) {
        List<String> names = names(enabled);
        Map<String, Map<String, Object>> settings = settingsByPolicy == null ? Map.of() : settingsByPolicy;
        List<Policy> policies = new ArrayList<>(names.size());
        for (String name : names) {
            policies.add(create(providers.get(name), name, base.withSettings(settings.getOrDefault(name, Map.of()))));
        }
        if (!announce) return new PolicyChain(policies, FALLBACK);
        if (!names.contains(EMERGENCY)) {
            LOG.warn("policy '{}' is not enabled: callguard will not settle emergency calls first "
                    + "(the dialplan must still route them)", EMERGENCY);
        }
        if (!names.contains(DEFAULT)) {
            LOG.warn("policy '{}' is not enabled: calls that no policy settles are allowed for {} s", DEFAULT,
                    FALLBACK.maxSeconds());
        }
        LOG.info("policy chain: {}", String.join(" -> ", enabled));
        return new PolicyChain(policies, FALLBACK);
    }

    private static Policy create(PolicyProvider provider, String name, PolicyEnvironment env) {
        String prefix = "policy." + name;
        Policy policy;
        try {
            policy = provider.create(env);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            if (msg.startsWith(prefix + ".") || msg.startsWith(prefix + ":")) throw e;
            throw new IllegalArgumentException(prefix + ": " + msg, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(prefix + ": policy could not be built: " + e, e);
        }
        if (policy == null) throw new IllegalStateException(prefix + ": provider " + provider.getClass().getName() + " built no policy");
        return policy;
    }

    private String known() { return String.join(", ", providers.keySet()); }
}
