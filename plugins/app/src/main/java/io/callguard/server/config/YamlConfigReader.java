package io.callguard.server.config;

import io.callguard.asterisk.ami.AmiOptions;
import io.callguard.core.config.Option;
import io.callguard.core.config.OptionType;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads callguard.yaml into flat key paths. Known keys are read with the failsafe schema, so every scalar keeps
 * its exact text (a secret such as {@code 0x1f…} is not turned into a number); the open {@code policy} section is
 * read with the core schema so that policies get typed values (7200 → an Integer). Unknown keys are errors.
 */
final class YamlConfigReader {
    /** Leaves: path → String or List&lt;String&gt;; policy settings: policy name → setting → typed value. */
    record Content(Map<String, Object> leaves, Map<String, Map<String, Object>> policySettings) {
        static Content empty() { return new Content(Map.of(), Map.of()); }
    }

    private YamlConfigReader() { }

    static Content read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("config file '" + file + "': cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return parse(text, file.toString());
    }

    static Content parse(String text, String label) {
        Object exact = load(text, label, new FailsafeSchema());
        if (exact == null || (exact instanceof String s && s.isBlank())) return Content.empty();
        if (!(exact instanceof Map<?, ?> root)) {
            throw new ConfigException("config file '" + label + "': must be a mapping of sections (fastagi, ami, store…)");
        }
        List<String> problems = new ArrayList<>();
        Map<String, Object> leaves = new LinkedHashMap<>();
        walk("", root, leaves, problems);
        Map<String, Map<String, Object>> policies = Map.of();
        if (root.containsKey(ConfigKeys.POLICY_SETTINGS)) {
            Object typed = ((Map<?, ?>) load(text, label, new CoreSchema())).get(ConfigKeys.POLICY_SETTINGS);
            policies = policySettings(typed, problems);
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new Content(leaves, policies);
    }

    private static Object load(String text, String label, org.snakeyaml.engine.v2.schema.Schema schema) {
        // The failsafe schema has no constructor for the null node of an empty document: give it one.
        LoadSettings settings = LoadSettings.builder().setLabel(label).setSchema(schema)
                .setTagConstructors(Map.of(Tag.NULL, node -> null))
                .setAllowDuplicateKeys(false).setMaxAliasesForCollections(10).build();
        try {
            return new Load(settings).loadFromString(text);
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
            throw new ConfigException("config file '" + label + "': invalid YAML" + where + ": " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ConfigException("config file '" + label + "': invalid YAML: " + e.getMessage().replace('\n', ' '));
        }
    }

    private static void walk(String prefix, Map<?, ?> map, Map<String, Object> leaves, List<String> problems) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            Object value = e.getValue();
            if (path.equals(ConfigKeys.POLICY_SETTINGS)) continue; // read typed, below
            if (path.equals(AmiOptions.SERVERS) && value instanceof List<?> items
                    && items.stream().anyMatch(i -> i instanceof Map)) {
                leaves.put(path, amiServers(items, leaves, problems));
            } else if (ConfigKeys.DECLARED.byPath(path).isPresent()) {
                Object leaf = leaf(path, value, problems);
                if (leaf != null) leaves.put(path, leaf);
            } else if (ConfigKeys.DECLARED.isSection(path)) {
                if (value == null) continue;
                if (value instanceof Map<?, ?> child) walk(path, child, leaves, problems);
                else problems.add(path + ": must be a mapping of keys (" + String.join(", ", ConfigKeys.DECLARED.childrenOf(path)) + ")");
            } else {
                problems.add(path + ": unknown key (known here: " + String.join(", ", ConfigKeys.DECLARED.childrenOf(prefix)) + ")");
            }
        }
    }

    /**
     * {@code ami.servers} written as YAML items, some of them mappings ({@code name} plus any of
     * {@link AmiOptions#SERVER_KEYS}): the list of their names (plain items as written), each mapping's keys as
     * {@code ami.servers.<name>.<key>} leaves.
     */
    private static List<String> amiServers(List<?> items, Map<String, Object> leaves, List<String> problems) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String where = AmiOptions.SERVERS + "[" + i + "]";
            if (item instanceof List) {
                problems.add(where + ": must be name[@host[:port]] or a mapping (name, host, port, …)");
            } else if (!(item instanceof Map<?, ?> server)) {
                if (item != null) entries.add(item.toString().trim());
            } else if (!(server.get("name") instanceof String name) || name.isBlank()) {
                problems.add(where + ": name is required");
            } else {
                entries.add(name.trim());
                for (Map.Entry<?, ?> e : server.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    if (key.equals("name") || e.getValue() == null) continue;
                    if (!AmiOptions.SERVER_KEYS.contains(key)) {
                        problems.add(where + "." + key + ": unknown key (known here: name, "
                                + String.join(", ", AmiOptions.SERVER_KEYS) + ")");
                    } else if (e.getValue() instanceof Map) {
                        problems.add(where + "." + key + ": must be a single value, not a mapping");
                    } else if (e.getValue() instanceof List<?> list) {
                        leaves.put(AmiOptions.SERVERS + "." + name.trim() + "." + key,
                                list.stream().map(v -> v == null ? "" : v.toString().trim()).toList());
                    } else {
                        leaves.put(AmiOptions.SERVERS + "." + name.trim() + "." + key, e.getValue().toString());
                    }
                }
            }
        }
        return entries;
    }

    private static Object leaf(String path, Object value, List<String> problems) {
        Option key = ConfigKeys.DECLARED.byPath(path).orElseThrow();
        if (value == null) return null;
        if (value instanceof Map) {
            problems.add(path + ": must be a single value, not a mapping");
            return null;
        }
        if (value instanceof List<?> list) {
            if (key.type() != OptionType.LIST) {
                problems.add(path + ": must be a single value, not a list");
                return null;
            }
            List<String> items = new ArrayList<>();
            for (Object item : list) {
                if (item instanceof Map || item instanceof List) {
                    problems.add(path + ": list items must be plain values");
                    return null;
                }
                items.add(item == null ? "" : item.toString().trim());
            }
            return items;
        }
        return value.toString();
    }

    private static Map<String, Map<String, Object>> policySettings(Object section, List<String> problems) {
        if (section == null) return Map.of();
        if (!(section instanceof Map<?, ?> byName)) {
            problems.add("policy: must be a mapping of policy name → settings");
            return Map.of();
        }
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : byName.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (e.getValue() == null) continue;
            if (!(e.getValue() instanceof Map<?, ?> settings)) {
                problems.add("policy." + name + ": must be a mapping of settings");
                continue;
            }
            Map<String, Object> typed = new LinkedHashMap<>();
            settings.forEach((k, v) -> { if (v != null) typed.put(String.valueOf(k), v); });
            out.put(name, typed);
        }
        return out;
    }
}
