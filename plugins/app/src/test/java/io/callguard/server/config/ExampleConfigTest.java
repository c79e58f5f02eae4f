package io.callguard.server.config;

import io.callguard.core.config.Option;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** config-examples/callguard.yaml must document every key with its default and variable: doc and code cannot drift. */
class ExampleConfigTest {
    static Path exampleFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("config-examples/callguard.yaml");
            if (Files.isRegularFile(candidate)) return candidate;
        }
        throw new AssertionError("config-examples/callguard.yaml not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void exampleListsEveryKnownKeyAndItsEnvironmentVariable() throws Exception {
        String text = Files.readString(exampleFile());
        Set<String> inFile = new TreeSet<>();
        flatten("", (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(text), inFile);

        Set<String> known = new TreeSet<>();
        ConfigKeys.ALL.forEach(k -> known.add(k.path()));
        ConfigKeys.POLICY_DEFAULTS.forEach((p, s) -> s.keySet().forEach(k -> known.add("policy." + p + "." + k)));
        known.removeAll(ShippedModules.testOnlyKeys());

        assertThat(inFile).isEqualTo(known);
        for (String path : known) {
            assertThat(text).as("environment variable of " + path).contains(Option.envName(path));
        }
    }

    @Test
    void exampleValuesAreTheBuiltInDefaults() throws Exception {
        Map<String, String> env = Map.of("CALLGUARD_ADMIN_TOKEN", "0123456789abcdef", "CALLGUARD_AMI_SECRET", "s");
        Config fromExample = ConfigLoader.load(Optional.of(exampleFile()), env);
        Config defaults = ConfigLoader.load(Optional.empty(), env);
        assertThat(fromExample).isEqualTo(defaults);
    }

    /**
     * The README's settings table documents every declared key (the app's and the rule modules') with its default,
     * and no key that is not declared. A row may group keys ({@code `a` / `b`}) with their defaults in the same order;
     * a key without default reads "none", an empty default "empty".
     */
    @Test
    void readmeSettingsTableMatchesTheDeclaredKeys() throws Exception {
        Map<String, String> documented = readmeDefaults(Files.readString(exampleFile().getParent().getParent().resolve("README.md")));

        Map<String, String> declared = new java.util.TreeMap<>();
        ConfigKeys.ALL.forEach(k -> declared.put(k.path(), k.defaultValue()));
        ConfigKeys.POLICY_DEFAULTS.forEach((p, s) -> s.forEach((k, v) -> declared.put("policy." + p + "." + k, v.toString())));
        declared.keySet().removeAll(ShippedModules.testOnlyKeys());

        assertThat(documented.keySet()).as("keys in the README table").isEqualTo(declared.keySet());
        declared.forEach((key, dflt) -> {
            String cell = documented.get(key);
            if (dflt == null) assertThat(cell).as("default of " + key).startsWith("none");
            else if (dflt.isEmpty()) assertThat(cell).as("default of " + key).isEqualTo("empty");
            else assertThat(cell).as("default of " + key).isEqualTo(dflt);
        });
    }

    /** key → its default as the table writes it: the n-th backquoted value of the default cell, else the cell's text. */
    private static Map<String, String> readmeDefaults(String readme) {
        int start = readme.indexOf("\n## Settings");
        assertThat(start).as("README has a Settings section").isPositive();
        Map<String, String> out = new java.util.TreeMap<>();
        for (String line : readme.substring(start).split("\n")) {
            if (!line.startsWith("| `")) {
                if (!out.isEmpty() && !line.startsWith("|")) break;
                continue;
            }
            String[] cells = line.split("\\s*\\|\\s*");
            List<String> keys = backquoted(cells[1]);
            List<String> defaults = backquoted(cells[2]);
            for (int i = 0; i < keys.size(); i++) {
                String d = i < defaults.size() ? defaults.get(i) : cells[2].trim();
                assertThat(out.put(keys.get(i), d)).as(keys.get(i) + " documented once").isNull();
            }
        }
        return out;
    }

    private static List<String> backquoted(String cell) {
        List<String> out = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([^`]*)`").matcher(cell);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> map, Set<String> out) {
        map.forEach((k, v) -> {
            String path = prefix.isEmpty() ? k.toString() : prefix + "." + k;
            if (v instanceof Map<?, ?> child) flatten(path, child, out);
            else out.add(path);
        });
    }
}
