package io.callguard.server.config;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.nio.file.Files;
import java.nio.file.Path;
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

        assertThat(inFile).isEqualTo(known);
        for (String path : known) {
            assertThat(text).as("environment variable of " + path).contains(ConfigKey.envName(path));
        }
    }

    @Test
    void exampleValuesAreTheBuiltInDefaults() throws Exception {
        Map<String, String> env = Map.of("CALLGUARD_ADMIN_TOKEN", "0123456789abcdef", "CALLGUARD_AMI_SECRET", "s");
        Config fromExample = ConfigLoader.load(Optional.of(exampleFile()), env);
        Config defaults = ConfigLoader.load(Optional.empty(), env);
        assertThat(fromExample).isEqualTo(defaults);
    }

    private static void flatten(String prefix, Map<?, ?> map, Set<String> out) {
        map.forEach((k, v) -> {
            String path = prefix.isEmpty() ? k.toString() : prefix + "." + k;
            if (v instanceof Map<?, ?> child) flatten(path, child, out);
            else out.add(path);
        });
    }
}
