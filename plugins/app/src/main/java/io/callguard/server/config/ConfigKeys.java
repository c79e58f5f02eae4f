package io.callguard.server.config;

import io.callguard.core.config.Option;
import io.callguard.core.config.OptionType;
import io.callguard.core.module.RuleModules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.callguard.server.config.ValueType.BOOLEAN;
import static io.callguard.server.config.ValueType.DURATION;
import static io.callguard.server.config.ValueType.INT;
import static io.callguard.server.config.ValueType.LIST;
import static io.callguard.server.config.ValueType.SECRET;
import static io.callguard.server.config.ValueType.STRING;

/**
 * Every configuration key with its built-in default: the one place defaults live. The YAML file and the
 * environment only override these; {@code config-examples/callguard.yaml} documents them (a test keeps it complete).
 */
public final class ConfigKeys {
    private ConfigKeys() { }

    /** Key of the per-policy settings map ({@code policy.<name>.<setting>}); its content is open, not in {@link #ALL}. */
    public static final String POLICY_SETTINGS = "policy";
    /** Key of the ordered list of rule modules to start (empty = all found). */
    public static final String MODULES = "modules";
    /** Key of the ordered list of enabled policies. */
    public static final String POLICIES = "policies";

    /** The app's and adapters' keys; the rule modules' keys are added from their declarations. */
    private static final List<ConfigKey> APP_KEYS = List.of(
            key("fastagi.host", STRING, "127.0.0.1", "FastAGI bind address"),
            key("fastagi.port", INT, "4573", "FastAGI TCP port (0 = any free port)"),
            key("fastagi.decisionDeadline", DURATION, "250ms", "every session is answered within this time after its header"),
            key("fastagi.headerTimeout", DURATION, "2s", "a peer must send its whole AGI header within this time"),
            key("fastagi.replyTimeout", DURATION, "2s", "Asterisk must answer each command within this time"),
            key("fastagi.maxLineLength", INT, "2048", "longest accepted AGI line, in bytes"),
            key("fastagi.maxHeaderLines", INT, "128", "most agi_* lines in one header"),
            key("fastagi.failureMode", STRING, "open", "open | closed: verdict of non-emergency calls on deadline or policy failure"),
            key("fastagi.useMSet", BOOLEAN, "true", "set all variables with one EXEC MSet"),
            key("fastagi.warmUpSessions", INT, "200",
                    "synthetic sessions run through the decision path before FastAGI listens (0 = none)"),
            key("fastagi.maxConnections", INT, "4096",
                    "FastAGI sessions open at once (no per-address limit: Asterisk opens them all from few addresses)"),

            key("ami.enabled", BOOLEAN, "true", "connect to the Asterisk Manager Interface"),
            key("ami.host", STRING, "127.0.0.1", "Asterisk host"),
            key("ami.port", INT, "5038", "AMI port"),
            key("ami.username", STRING, "callguard", "AMI user"),
            key("ami.secret", SECRET, null, "AMI secret (required when ami.enabled; never printed)"),
            key("ami.pingInterval", DURATION, "5s", "a Ping this often detects a dead link"),
            key("ami.reconnectMin", DURATION, "500ms", "first reconnection delay, doubled up to reconnectMax"),
            key("ami.reconnectMax", DURATION, "30s", "longest reconnection delay"),
            key("ami.connectTimeout", DURATION, "5s", "TCP connect + login timeout"),
            key("ami.stableSession", DURATION, "30s",
                    "a session that lived this long starts the reconnection delays again from reconnectMin"),

            key("store.jdbcUrl", STRING, "jdbc:h2:file:./data/callguard", "JDBC URL: embedded H2 file or PostgreSQL"),
            key("store.username", STRING, "", "database user (H2: sa when empty)"),
            key("store.password", SECRET, "", "database password (never printed)"),
            key("store.maximumPoolSize", INT, "4", "JDBC connection pool size"),
            key("store.connectionTimeout", DURATION, "5s", "how long to wait for a pooled connection"),

            key("admin.host", STRING, "127.0.0.1", "admin HTTP API bind address"),
            key("admin.port", INT, "8080", "admin HTTP API port (0 = any free port)"),
            key("admin.token", SECRET, null, "bearer token of the admin API (required, at least 16 characters; never printed)"),
            key("admin.maxBodyBytes", INT, "65536", "largest accepted request body, in bytes"),
            key("admin.idleTimeout", DURATION, "30s", "a connection idle this long is closed (a request never finished)"),
            key("admin.maxConnections", INT, "1000", "admin connections open at once; more are closed at once and counted"),
            key("admin.maxConnectionsPerAddress", INT, "100", "admin connections open at once from one source address"),

            key("numbering.emergencyNumbers", LIST, "15,17,18,112,114,115,119,116000,191,196,197",
                    "short numbers always routed (never denied)"),

            key("cti.host", STRING, "127.0.0.1", "CTI API bind address (reached by the clients' business applications)"),
            key("cti.port", INT, "8081", "CTI API port (0 = any free port)"),
            key("cti.maxBodyBytes", INT, "16384", "largest accepted CTI request body, in bytes"),
            key("cti.idleTimeout", DURATION, "30s", "a CTI connection idle this long is closed (a slow client)"),
            key("cti.maxConnections", INT, "10000", "CTI connections open at once; more are closed at once and counted"),
            key("cti.maxConnectionsPerAddress", INT, "1000", "CTI connections open at once from one source address"),

            key(POLICIES, LIST, "emergency,suspension,calls-per-second,channel-cap,tariff-announcement,default",
                    "enabled policies, in the order they judge a call"),

            key(MODULES, LIST, "", "rule modules to start, in order (empty = every module found, by name)"),

            key("shutdown.drainTimeout", DURATION, "5s", "on stop, how long in-flight FastAGI sessions may finish")
    );

    /** Settings of the built-in {@code default} policy (core's); the modules declare their policies' settings. */
    private static final List<Option> BUILT_IN_POLICY_SETTINGS = List.of(
            Option.of("policy.default.unknownAccount", OptionType.STRING, "deny", "deny or allow calls of unknown accounts"),
            Option.of("policy.default.defaultMaxSeconds", OptionType.INT, "7200", "duration limit of allowed unknown-account calls"));

    /** Every key the rule modules on the class path declare, each declared once (checked by {@link RuleModules}). */
    public static final List<Option> MODULE_OPTIONS = RuleModules.discover().options();

    /** Every known key with its built-in default (policy settings excepted: see {@link #POLICY_DEFAULTS}). */
    public static final List<ConfigKey> ALL = allKeys();

    /** Built-in settings of the shipped policies, typed as the YAML file would give them. */
    public static final Map<String, Map<String, Object>> POLICY_DEFAULTS = policyDefaults();

    private static List<ConfigKey> allKeys() {
        List<ConfigKey> all = new ArrayList<>(APP_KEYS);
        for (Option o : MODULE_OPTIONS) {
            if (o.policySetting()) continue;
            if (all.stream().anyMatch(k -> k.path().equals(o.path()))) {
                throw new IllegalStateException("option " + o.path() + " is declared by a rule module and by the app");
            }
            all.add(ConfigKey.of(o));
        }
        return List.copyOf(all);
    }

    private static Map<String, Map<String, Object>> policyDefaults() {
        List<Option> settings = new ArrayList<>(MODULE_OPTIONS.stream().filter(Option::policySetting).toList());
        settings.addAll(BUILT_IN_POLICY_SETTINGS);
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        for (Option o : settings) {
            // policy.<name>.<setting>: the policy name may hold dashes, never dots
            String rest = o.path().substring(Option.POLICY_PREFIX.length());
            int dot = rest.indexOf('.');
            all.computeIfAbsent(rest.substring(0, dot), n -> new LinkedHashMap<>())
                    .put(rest.substring(dot + 1), typed(o));
        }
        return all;
    }

    /** A policy setting's default typed as the YAML file would give it (whole numbers as Integer). */
    private static Object typed(Option o) {
        return switch (o.type()) {
            case INT -> Integer.valueOf(o.defaultValue());
            case BOOLEAN -> Boolean.valueOf(o.defaultValue());
            case LIST -> ConfigBinder.splitList(o.defaultValue());
            default -> o.defaultValue();
        };
    }

    private static final Map<String, ConfigKey> BY_PATH =
            ALL.stream().collect(Collectors.toMap(ConfigKey::path, Function.identity(), (a, b) -> a, LinkedHashMap::new));

    public static Optional<ConfigKey> byPath(String path) { return Optional.ofNullable(BY_PATH.get(path)); }

    /** Top-level sections (fastagi, ami…) and top-level leaf keys (policies). */
    public static boolean isSection(String path) {
        String prefix = path + ".";
        return ALL.stream().anyMatch(k -> k.path().startsWith(prefix));
    }

    /** Known child names under a section, for "did you mean" hints. */
    public static Set<String> childrenOf(String section) {
        String prefix = section.isEmpty() ? "" : section + ".";
        Set<String> names = new TreeSet<>();
        for (ConfigKey k : ALL) {
            if (k.path().startsWith(prefix)) {
                String rest = k.path().substring(prefix.length());
                int dot = rest.indexOf('.');
                names.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        if (section.isEmpty()) names.add(POLICY_SETTINGS);
        return names;
    }

    private static ConfigKey key(String path, ValueType type, String dflt, String description) {
        return new ConfigKey(path, type, dflt, description);
    }
}
