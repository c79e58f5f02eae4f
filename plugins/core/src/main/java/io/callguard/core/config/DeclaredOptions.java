package io.callguard.core.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every key a program knows, gathered from the owners that declare them (each key declared by one owner only),
 * with what reading a configuration needs from that list: the key tree for "unknown key (known here: …)" hints
 * and the layering of built-in defaults, file values and {@code CALLGUARD_*} environment variables
 * ({@link Option#envName}). Policy settings ({@code policy.<name>.<setting>}) are kept apart: their section is open,
 * and a policy reads them as a typed map.
 */
public final class DeclaredOptions {
    /** Section of the policies' own settings ({@code policy.<name>.<setting>}). */
    public static final String POLICY_SECTION = "policy";

    private final Map<String, Option> byPath = new LinkedHashMap<>();
    private final List<Option> policySettings = new ArrayList<>();

    /** @throws IllegalStateException when two owners declare the same key, naming both */
    public DeclaredOptions(Map<String, List<Option>> byOwner) {
        Map<String, String> owners = new LinkedHashMap<>();
        byOwner.forEach((owner, options) -> {
            for (Option o : options) {
                String other = owners.putIfAbsent(o.path(), owner);
                if (other != null) {
                    throw new IllegalStateException("option " + o.path() + " is declared by " + other + " and by " + owner);
                }
                if (o.policySetting()) policySettings.add(o);
                else byPath.put(o.path(), o);
            }
        });
    }

    /** Every key but the policy settings, in declaration order. */
    public List<Option> all() { return List.copyOf(byPath.values()); }

    public Optional<Option> byPath(String path) { return Optional.ofNullable(byPath.get(path)); }

    /** Whether keys are declared under {@code path} (a section such as {@code fastagi}). */
    public boolean isSection(String path) {
        String prefix = path + ".";
        return byPath.keySet().stream().anyMatch(p -> p.startsWith(prefix));
    }

    /** Known child names under a section ({@code ""} for the top level, which holds the policy section too). */
    public Set<String> childrenOf(String section) {
        String prefix = section.isEmpty() ? "" : section + ".";
        Set<String> names = new TreeSet<>();
        for (String path : byPath.keySet()) {
            if (path.startsWith(prefix)) {
                String rest = path.substring(prefix.length());
                int dot = rest.indexOf('.');
                names.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        if (section.isEmpty()) names.add(POLICY_SECTION);
        return names;
    }

    /** The policy settings' defaults: policy name → setting → value typed as YAML would give it (7200 → Integer). */
    public Map<String, Map<String, Object>> policyDefaults() {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        for (Option o : policySettings) {
            // policy.<name>.<setting>: the policy name may hold dashes, never dots
            String rest = o.path().substring(Option.POLICY_PREFIX.length());
            int dot = rest.indexOf('.');
            Object typed = switch (o.type()) {
                case INT -> Integer.valueOf(o.defaultValue());
                case BOOLEAN -> Boolean.valueOf(o.defaultValue());
                case LIST -> ConfigValues.splitList(o.defaultValue());
                default -> o.defaultValue();
            };
            all.computeIfAbsent(rest.substring(0, dot), n -> new LinkedHashMap<>()).put(rest.substring(dot + 1), typed);
        }
        return all;
    }

    /**
     * The raw values of every key: its default, overridden by {@code fromFile} (path → String or List), overridden by
     * its environment variable. Each value says where it came from, for the messages.
     */
    public Map<String, ConfigValues.Value> layered(Map<String, Object> fromFile, Map<String, String> env) {
        Map<String, ConfigValues.Value> raw = new LinkedHashMap<>();
        for (Option key : byPath.values()) {
            if (key.defaultValue() != null) raw.put(key.path(), new ConfigValues.Value(key.defaultValue(), ConfigValues.DEFAULT));
        }
        fromFile.forEach((path, value) -> raw.put(path, new ConfigValues.Value(value, "file")));
        for (Option key : byPath.values()) {
            String value = env.get(key.envName());
            if (value != null) raw.put(key.path(), new ConfigValues.Value(value, key.envName()));
        }
        return raw;
    }

    /**
     * The policy settings: the declared defaults, overridden by {@code fromFile}, overridden by the environment for
     * every setting known so far ({@code policy.default.unknownAccount} → {@code CALLGUARD_POLICY_DEFAULT_UNKNOWN_ACCOUNT}),
     * typed like the value it replaces so that a policy sees the same types as from YAML. A variable that cannot be
     * so typed is a problem naming its key and the variable.
     */
    public Map<String, Map<String, Object>> policySettings(Map<String, Map<String, Object>> fromFile,
                                                           Map<String, String> env, List<String> problems) {
        Map<String, Map<String, Object>> merged = new LinkedHashMap<>();
        policyDefaults().forEach((name, s) -> merged.put(name, new LinkedHashMap<>(s)));
        fromFile.forEach((name, s) -> merged.computeIfAbsent(name, n -> new LinkedHashMap<>()).putAll(s));
        merged.forEach((name, settings) -> settings.replaceAll((setting, current) -> {
            String path = POLICY_SECTION + "." + name + "." + setting;
            String envName = Option.envName(path);
            String text = env.get(envName);
            if (text == null) return current;
            try {
                return coerceLike(current, text.trim());
            } catch (IllegalArgumentException e) {
                problems.add(path + ": " + e.getMessage() + " (from " + envName + ")");
                return current;
            }
        }));
        return merged;
    }

    private static Object coerceLike(Object current, String text) {
        if (current instanceof Integer || current instanceof Long || current instanceof BigInteger) {
            try {
                long v = Long.parseLong(text);
                return v == (int) v ? (Object) (int) v : (Object) v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be an integer, got '" + text + "'");
            }
        }
        if (current instanceof Double || current instanceof Float) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a number, got '" + text + "'");
            }
        }
        if (current instanceof Boolean) {
            if (text.equalsIgnoreCase("true")) return Boolean.TRUE;
            if (text.equalsIgnoreCase("false")) return Boolean.FALSE;
            throw new IllegalArgumentException("must be true or false, got '" + text + "'");
        }
        if (current instanceof List<?>) return ConfigValues.splitList(text);
        return text;
    }
}
