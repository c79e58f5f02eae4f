package io.callguard.server.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * @param enabled  policy names in chain order (configuration key {@code policies})
 * @param settings policy name → its settings ({@code policy.<name>.<setting>}), defaults, file and environment merged
 */
public record PolicyConfig(List<String> enabled, Map<String, Map<String, Object>> settings) {
    public PolicyConfig {
        enabled = List.copyOf(enabled);
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        settings.forEach((name, s) -> copy.put(name, Map.copyOf(s)));
        settings = Map.copyOf(copy);
    }

    /** The settings of one policy, empty when none are configured. */
    public Map<String, Object> settingsOf(String policy) { return settings.getOrDefault(policy, Map.of()); }
}
