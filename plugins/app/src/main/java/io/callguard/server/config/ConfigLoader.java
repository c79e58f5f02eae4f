package io.callguard.server.config;

import io.callguard.asterisk.ami.AmiOptions;
import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.DeclaredOptions;
import io.callguard.core.config.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link Config}: built-in defaults ({@link ConfigKeys}), overridden by the YAML file, overridden by
 * {@code CALLGUARD_*} environment variables. Only known keys are read from the environment: their names are
 * computed from the key paths ({@link Option#envName()}), and for policy settings from the settings known from
 * the defaults and the file ({@code policy.default.unknownAccount} → {@code CALLGUARD_POLICY_DEFAULT_UNKNOWN_ACCOUNT}).
 * The layering itself is {@link DeclaredOptions}'s.
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
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> policySettings =
                ConfigKeys.DECLARED.policySettings(content.policySettings(), env, problems);
        Map<String, ConfigValues.Value> raw = ConfigKeys.DECLARED.layered(content.leaves(), env);
        amiServerVariables(raw, env);
        return new ConfigBinder(raw, policySettings, problems).bind();
    }

    /**
     * The per-server AMI keys set in the environment: {@code CALLGUARD_AMI_SERVERS_<NAME>_<KEY>} for each server
     * {@code ami.servers} names ({@code ami.servers.pbx-b.secret} → {@code CALLGUARD_AMI_SERVERS_PBX_B_SECRET}).
     */
    private static void amiServerVariables(Map<String, ConfigValues.Value> raw, Map<String, String> env) {
        ConfigValues.Value servers = raw.get(AmiOptions.SERVERS);
        if (servers == null) return;
        List<String> entries = servers.value() instanceof List<?> l ? l.stream().map(Object::toString).toList()
                : ConfigValues.splitList(servers.value().toString());
        for (String entry : entries) {
            String name = entry.contains("@") ? entry.substring(0, entry.indexOf('@')).trim() : entry.trim();
            for (String key : AmiOptions.SERVER_KEYS) {
                String path = AmiOptions.SERVERS + "." + name + "." + key;
                String value = env.get(Option.envName(path));
                if (value != null) raw.put(path, new ConfigValues.Value(value, Option.envName(path)));
            }
        }
    }
}
