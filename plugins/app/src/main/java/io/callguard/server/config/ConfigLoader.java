package io.callguard.server.config;

import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.ConfigValues.Value;
import io.callguard.core.config.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link Config}: built-in defaults ({@link ConfigKeys}), overridden by the YAML file, overridden by
 * {@code CALLGUARD_*} environment variables. Only known keys are read from the environment: their names are
 * computed from the key paths ({@link Option#envName()}), and for policy settings from the settings known from
 * the defaults and the file ({@code policy.default.unknownAccount} → {@code CALLGUARD_POLICY_DEFAULT_UNKNOWN_ACCOUNT}).
 */
public final class ConfigLoader {
    /** Environment variable naming the configuration file when no {@code --config} argument is given. */
    public static final String CONFIG_ENV = "CALLGUARD_CONFIG";
    /** File read from the working directory when neither {@code --config} nor {@link #CONFIG_ENV} is given. */
    public static final String DEFAULT_FILE = "callguard.yaml";

    private ConfigLoader() { }

    /**
     * Which file to read: {@code configArg} (from {@code --config}) if given, else {@code CALLGUARD_CONFIG}, else
     * {@code ./callguard.yaml} if it exists, else none (defaults and environment only).
     *
     * @throws ConfigException when an explicitly named file does not exist
     */
    public static Optional<Path> locate(String configArg, Map<String, String> env, Path workingDir) {
        if (configArg != null) return Optional.of(existing(Path.of(configArg), "--config"));
        String fromEnv = env.get(CONFIG_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) return Optional.of(existing(Path.of(fromEnv.trim()), CONFIG_ENV));
        Path local = workingDir.resolve(DEFAULT_FILE);
        return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
    }

    private static Path existing(Path file, String origin) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file '" + file + "' (from " + origin + "): not found or not a regular file");
        }
        return file;
    }

    /** Loads {@code file} (if present) with the environment overrides and validates. */
    public static Config load(Optional<Path> file, Map<String, String> env) {
        return bind(file.map(YamlConfigReader::read).orElse(YamlConfigReader.Content.empty()), env);
    }

    /** Same as {@link #load} from YAML text (tests, embedded configurations). */
    public static Config loadYaml(String yaml, Map<String, String> env) {
        return bind(YamlConfigReader.parse(yaml, "<text>"), env);
    }

    private static Config bind(YamlConfigReader.Content content, Map<String, String> env) {
        Map<String, Value> raw = new LinkedHashMap<>();
        for (Option key : ConfigKeys.ALL) {
            if (key.defaultValue() != null) raw.put(key.path(), new Value(key.defaultValue(), ConfigValues.DEFAULT));
        }
        content.leaves().forEach((path, value) -> raw.put(path, new Value(value, "file")));
        for (Option key : ConfigKeys.ALL) {
            String value = env.get(key.envName());
            if (value != null) raw.put(key.path(), new Value(value, key.envName()));
        }
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> policySettings = mergePolicySettings(content.policySettings(), env, problems);
        return new ConfigBinder(raw, policySettings, problems).bind();
    }

    private static Map<String, Map<String, Object>> mergePolicySettings(Map<String, Map<String, Object>> fromFile,
                                                                        Map<String, String> env, List<String> problems) {
        Map<String, Map<String, Object>> merged = new LinkedHashMap<>();
        ConfigKeys.POLICY_DEFAULTS.forEach((name, s) -> merged.put(name, new LinkedHashMap<>(s)));
        fromFile.forEach((name, s) -> merged.computeIfAbsent(name, n -> new LinkedHashMap<>()).putAll(s));
        merged.forEach((name, settings) -> settings.replaceAll((setting, current) -> {
            String path = ConfigKeys.POLICY_SETTINGS + "." + name + "." + setting;
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

    /** An environment string typed like the value it replaces, so a policy sees the same types as from YAML. */
    private static Object coerceLike(Object current, String text) {
        if (current instanceof Integer || current instanceof Long || current instanceof java.math.BigInteger) {
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
        if (current instanceof List<?>) return ConfigBinder.splitList(text);
        return text;
    }
}
