package io.callguard.core.config;

import java.util.Objects;

/**
 * One configuration key a module owns.
 *
 * @param path         dotted path in the YAML file, e.g. {@code caps.orphanGrace}; a policy's setting is
 *                     {@code policy.<name>.<setting>}
 * @param type         how its value is parsed
 * @param defaultValue the built-in default as text (lists comma-separated), null when there is none (required secrets)
 * @param description  one line for the example file, the README table and error hints
 */
public record Option(String path, OptionType type, String defaultValue, String description) {
    /** Prefix of a policy's own settings, which the policy reads itself through {@code PolicySettings}. */
    public static final String POLICY_PREFIX = "policy.";

    public Option {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        if (path.isBlank() || path.startsWith(".") || path.endsWith(".")) {
            throw new IllegalArgumentException("option path '" + path + "' must be dotted words");
        }
    }

    public static Option of(String path, OptionType type, String defaultValue, String description) {
        return new Option(path, type, defaultValue, description);
    }

    /** Whether this is a policy's setting ({@code policy.<name>.<setting>}), merged into that policy's settings map. */
    public boolean policySetting() { return path.startsWith(POLICY_PREFIX); }

    /** {@code CALLGUARD_} + the path in upper snake case: {@code caps.orphanGrace} → {@code CALLGUARD_CAPS_ORPHAN_GRACE}. */
    public String envName() { return envName(path); }

    public static String envName(String path) {
        StringBuilder sb = new StringBuilder("CALLGUARD_");
        char prev = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isUpperCase(c) && (Character.isLowerCase(prev) || Character.isDigit(prev))) {
                sb.append('_');
            }
            sb.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
            prev = c;
        }
        return sb.toString();
    }
}
