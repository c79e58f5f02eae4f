package io.callguard.server.config;

import io.callguard.core.config.Option;

import java.util.Objects;

/**
 * One known configuration key.
 *
 * @param path         dotted path in the YAML file, e.g. {@code fastagi.decisionDeadline}
 * @param type         how its value is parsed
 * @param defaultValue the built-in default as text (lists comma-separated), null when there is none (required secrets)
 * @param description  one line for the example file and error hints
 */
public record ConfigKey(String path, ValueType type, String defaultValue, String description) {
    public ConfigKey {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
    }

    /** {@code CALLGUARD_} + the path in upper snake case: {@code fastagi.decisionDeadline} → {@code CALLGUARD_FASTAGI_DECISION_DEADLINE}. */
    public String envName() { return envName(path); }

    public boolean secret() { return type == ValueType.SECRET; }

    public static String envName(String path) { return Option.envName(path); }

    /** The key a module declared ({@link io.callguard.core.module.RuleModule#options()}). */
    public static ConfigKey of(Option option) {
        return new ConfigKey(option.path(), ValueType.valueOf(option.type().name()), option.defaultValue(),
                option.description());
    }
}
