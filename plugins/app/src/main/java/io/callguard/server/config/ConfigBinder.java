package io.callguard.server.config;

import io.callguard.asterisk.ami.AmiOptions;
import io.callguard.caps.CapsOptions;
import io.callguard.core.config.ConfigValues;
import io.callguard.core.module.RuleModule;
import io.callguard.core.module.RuleModules;
import io.callguard.asterisk.fastagi.FailureMode;
import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.cti.CtiOptions;
import io.callguard.store.StoreOptions;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns merged raw values into the typed {@link Config}, collecting every problem (each naming its key) before
 * failing, so one start shows all mistakes. Secret values never appear in a message.
 */
final class ConfigBinder {
    static final int MIN_TOKEN_LENGTH = 16;
    private static final Duration MAX_DEADLINE = Duration.ofMinutes(1);

    private final Map<String, ConfigValues.Value> raw;
    private final ConfigValues view;
    private final Map<String, Map<String, Object>> policySettings;
    private final List<String> problems;

    ConfigBinder(Map<String, ConfigValues.Value> raw, Map<String, Map<String, Object>> policySettings, List<String> problems) {
        this.raw = raw;
        this.view = new ConfigValues(raw, problems);
        this.policySettings = policySettings;
        this.problems = problems;
    }

    Config bind() {
        FastAgiOptions fastAgi = new FastAgiOptions(
                host("fastagi.host"),
                integer("fastagi.port", 0, 65535, "1..65535 (or 0 for any)"),
                duration("fastagi.decisionDeadline", Duration.ofMillis(1), MAX_DEADLINE),
                duration("fastagi.headerTimeout", Duration.ofMillis(1), Duration.ofMinutes(10)),
                duration("fastagi.replyTimeout", Duration.ofMillis(1), Duration.ofMinutes(10)),
                integer("fastagi.maxLineLength", 256, 65536, "256..65536"),
                integer("fastagi.maxHeaderLines", 16, 4096, "16..4096"),
                failureMode(),
                bool("fastagi.useMSet"),
                integer("fastagi.warmUpSessions", 0, 100_000, "0..100000"),
                integer("fastagi.maxConnections", 16, 1_000_000, "16..1000000"));

        boolean amiEnabled = bool("ami.enabled");
        Duration reconnectMin = duration("ami.reconnectMin", Duration.ofMillis(1), Duration.ofHours(1));
        Duration reconnectMax = duration("ami.reconnectMax", Duration.ofMillis(1), Duration.ofHours(1));
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            problem("ami.reconnectMax", "must be at least ami.reconnectMin (" + Durations.format(reconnectMin)
                    + "), got " + Durations.format(reconnectMax));
        }
        AmiOptions ami = new AmiOptions(
                host("ami.host"),
                integer("ami.port", 1, 65535, "1..65535"),
                amiEnabled ? required("ami.username") : text("ami.username"),
                amiEnabled ? requiredSecret("ami.secret", "when ami.enabled is true", 1) : secret("ami.secret"),
                duration("ami.pingInterval", Duration.ofMillis(1), Duration.ofHours(1)),
                reconnectMin, reconnectMax,
                duration("ami.connectTimeout", Duration.ofMillis(1), Duration.ofMinutes(10)),
                duration("ami.stableSession", Duration.ofMillis(1), Duration.ofHours(1)));

        StoreOptions store = new StoreOptions(
                jdbcUrl(),
                text("store.username"),
                secret("store.password"),
                integer("store.maximumPoolSize", 1, 64, "1..64"),
                // HikariCP refuses less than 250 ms
                duration("store.connectionTimeout", Duration.ofMillis(250), Duration.ofMinutes(10)));

        AdminConfig admin = new AdminConfig(
                host("admin.host"),
                integer("admin.port", 0, 65535, "1..65535 (or 0 for any)"),
                requiredSecret("admin.token", "", MIN_TOKEN_LENGTH),
                integer("admin.maxBodyBytes", 1024, 16 * 1024 * 1024, "1024..16777216"),
                duration("admin.idleTimeout", Duration.ofSeconds(1), Duration.ofHours(1)),
                integer("admin.maxConnections", 1, 1_000_000, "1..1000000"),
                integer("admin.maxConnectionsPerAddress", 1, 1_000_000, "1..1000000"));

        NumberingConfig numbering = new NumberingConfig(emergencyNumbers());
        PolicyConfig policies = new PolicyConfig(policyNames(), policySettings);
        ShutdownConfig shutdown = new ShutdownConfig(duration("shutdown.drainTimeout", Duration.ZERO, Duration.ofMinutes(10)));
        // read by the call-caps module at its start; checked here too, so that one start shows every mistake
        CapsOptions.from(view, fastAgi.decisionDeadline());

        CtiConfig cti = cti();

        List<String> modules = moduleNames();

        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new Config(fastAgi, new AmiConfig(amiEnabled, ami), store, admin, numbering, policies, shutdown,
                cti, ModuleValues.of(modules, ConfigKeys.MODULE_OPTIONS, raw));
    }

    // --- the CTI API (R8) ---

    /** The CTI listener's keys; the rest of {@code cti} is the cti module's, checked here for one start's messages. */
    private CtiConfig cti() {
        String host = host("cti.host");
        int port = integer("cti.port", 0, 65535, "1..65535 (or 0 for any)");
        int maxBody = integer("cti.maxBodyBytes", 1024, 1024 * 1024, "1024..1048576");
        // read by the cti module at its start; checked here too, so that one start shows every mistake
        CtiOptions.from(view);
        Duration idleTimeout = duration("cti.idleTimeout", Duration.ofSeconds(1), Duration.ofHours(1));
        return new CtiConfig(host, port, maxBody, idleTimeout,
                integer("cti.maxConnections", 1, 1_000_000, "1..1000000"),
                integer("cti.maxConnectionsPerAddress", 1, 1_000_000, "1..1000000"));
    }

    // --- typed readers: ConfigValues records the problem and returns a harmless placeholder ---

    private String text(String path) { return view.text(path); }

    private String secret(String path) { return text(path); }

    private String required(String path) {
        String v = text(path).trim();
        if (v.isEmpty()) problem(path, "required (set " + ConfigKey.envName(path) + ")");
        return v;
    }

    private String requiredSecret(String path, String when, int minLength) {
        String v = text(path);
        String lengthRule = minLength > 1 ? "; at least " + minLength + " characters" : "";
        if (v.isBlank()) {
            problem(path, "required" + (when.isEmpty() ? "" : " " + when) + " (set " + ConfigKey.envName(path) + ")" + lengthRule);
        } else if (v.length() < minLength) {
            problem(path, "must be at least " + minLength + " characters, got " + v.length());
        }
        return v;
    }

    private String host(String path) { return view.host(path); }

    private int integer(String path, int min, int max, String range) { return view.integer(path, min, max, range); }

    private boolean bool(String path) { return view.bool(path); }

    private Duration duration(String path, Duration min, Duration max) { return view.duration(path, min, max); }

    private List<String> list(String path) { return view.list(path); }

    static List<String> splitList(String text) { return ConfigValues.splitList(text); }

    // --- key-specific rules ---

    private FailureMode failureMode() {
        String v = text("fastagi.failureMode").trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "open": return FailureMode.OPEN;
            case "closed": return FailureMode.CLOSED;
            default:
                problem("fastagi.failureMode", "must be open or closed, got '" + v + "'");
                return FailureMode.OPEN;
        }
    }

    private String jdbcUrl() {
        String v = text("store.jdbcUrl").trim();
        if (!v.startsWith("jdbc:") || v.length() <= "jdbc:".length()) {
            problem("store.jdbcUrl", "must be a JDBC URL starting with jdbc: (e.g. jdbc:h2:file:./data/callguard or "
                    + "jdbc:postgresql://host/db)");
        }
        return v;
    }

    private List<String> emergencyNumbers() {
        List<String> numbers = list("numbering.emergencyNumbers");
        if (numbers.isEmpty()) problem("numbering.emergencyNumbers", "must list at least one number (112 at the very least)");
        for (String n : numbers) {
            if (n.length() > 15 || !n.chars().allMatch(c -> c >= '0' && c <= '9')) {
                problem("numbering.emergencyNumbers", "'" + n + "' is not a short number (digits only)");
            }
        }
        return numbers;
    }

    private List<String> policyNames() {
        List<String> names = list(ConfigKeys.POLICIES);
        if (names.isEmpty()) problem(ConfigKeys.POLICIES, "must name at least one policy (e.g. emergency, default)");
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!n.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                problem(ConfigKeys.POLICIES, "'" + n + "' is not a policy name (letters, digits, - and _)");
            } else if (!seen.add(n)) {
                problem(ConfigKeys.POLICIES, "'" + n + "' is listed twice");
            }
        }
        return names;
    }

    /** The rule modules to start: known ones, each once; empty for all. */
    private List<String> moduleNames() {
        List<String> names = list(ConfigKeys.MODULES);
        List<String> known = RuleModules.discover().all().stream().map(RuleModule::name).toList();
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!known.contains(n)) {
                problem(ConfigKeys.MODULES, "unknown rule module '" + n + "' (known: " + String.join(", ", known) + ")");
            } else if (!seen.add(n)) {
                problem(ConfigKeys.MODULES, "'" + n + "' is listed twice");
            }
        }
        return names;
    }

    private void problem(String path, String message) { view.problem(path, message); }
}
