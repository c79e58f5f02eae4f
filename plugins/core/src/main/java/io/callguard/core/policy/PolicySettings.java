package io.callguard.core.policy;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a policy's own settings (the map under {@code policy.<name>} in the configuration) with error messages
 * that name the full key, e.g. {@code policy.default.unknownAccount: expected deny or allow, got 'maybe'}.
 * Values may arrive as YAML scalars (numbers, booleans) or as strings (environment overrides).
 */
public final class PolicySettings {
    private final String policy;
    private final Map<String, Object> settings;

    private PolicySettings(String policy, Map<String, Object> settings) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.settings = settings == null ? Map.of() : settings;
    }

    public static PolicySettings of(String policy, Map<String, Object> settings) {
        return new PolicySettings(policy, settings);
    }

    /** The settings of {@code environment}, for the policy named {@code policy}. */
    public static PolicySettings of(String policy, PolicyEnvironment environment) {
        return new PolicySettings(policy, environment.settings());
    }

    /** Full configuration key of a setting: {@code policy.<name>.<setting>}. */
    public String key(String setting) { return "policy." + policy + "." + setting; }

    /** Refuses settings this policy does not know, so that a misspelt key does not silently keep a default. */
    public PolicySettings allowOnly(String... known) {
        Set<String> knownSet = new LinkedHashSet<>(Arrays.asList(known));
        for (String k : new TreeSet<>(settings.keySet())) {
            if (!knownSet.contains(k)) {
                throw new IllegalArgumentException(key(k) + ": unknown setting"
                        + (known.length == 0 ? " (policy '" + policy + "' takes no settings)" : " (known: " + String.join(", ", known) + ")"));
            }
        }
        return this;
    }

    /**
     * One word out of {@code allowed} (case-insensitive, trimmed), returned in the spelling of {@code allowed};
     * {@code defaultValue} when absent.
     */
    public String choice(String setting, String defaultValue, String... allowed) {
        Object v = settings.get(setting);
        if (v == null) return defaultValue;
        String s = v.toString().trim();
        for (String a : allowed) {
            if (a.equalsIgnoreCase(s)) return a;
        }
        throw new IllegalArgumentException(key(setting) + ": expected " + oneOf(List.of(allowed)) + ", got '" + v + "'");
    }

    /** A whole number greater than zero; {@code defaultValue} when absent. */
    public long positiveLong(String setting, long defaultValue) {
        Object v = settings.get(setting);
        if (v == null) return defaultValue;
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else if (v instanceof String s) {
            try {
                n = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key(setting) + ": expected a positive whole number, got '" + v + "'");
            }
        } else {
            throw new IllegalArgumentException(key(setting) + ": expected a positive whole number, got '" + v + "'");
        }
        if (n <= 0) throw new IllegalArgumentException(key(setting) + ": expected a positive whole number, got '" + v + "'");
        return n;
    }

    /** {@code true}/{@code false} (also as strings, case-insensitive); {@code defaultValue} when absent. */
    public boolean bool(String setting, boolean defaultValue) {
        Object v = settings.get(setting);
        if (v == null) return defaultValue;
        if (v instanceof Boolean b) return b;
        return choice(setting, null, "true", "false").equals("true");
    }

    private static String oneOf(List<String> words) {
        if (words.size() == 1) return words.get(0);
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }
}
