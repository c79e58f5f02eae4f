package io.callguard.server.config;

import io.callguard.asterisk.ami.AmiOptions;
import io.callguard.asterisk.ami.AmiSettings;
import io.callguard.hep.HepOptions;
import io.callguard.siprates.SipRatesOptions;
import io.callguard.caps.CapsOptions;
import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.ModuleValues;
import io.callguard.core.state.StateCalls;
import io.callguard.core.module.RuleModule;
import io.callguard.core.module.RuleModules;
import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.cti.CtiOptions;
import io.callguard.http.ListenerOptions;
import io.callguard.http.metrics.MetricsOptions;
import io.callguard.redis.RedisStateOptions;
import io.callguard.store.StoreOptions;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns merged raw values into the typed {@link Config}, collecting every problem (each naming its key) before
 * failing, so one start shows all mistakes. The app's own keys are checked here; each adapter's by its options'
 * {@code from(view)}. Secret values never appear in a message.
 */
final class ConfigBinder {
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
        FastAgiOptions fastAgi = FastAgiOptions.from(view);
        AmiSettings ami = AmiOptions.from(view);
        StoreOptions store = StoreOptions.from(view);
        HepOptions hep = HepOptions.from(view);
        SipRatesOptions.from(view); // read by the sip-rates module at its start; checked here too
        ListenerOptions admin = ListenerOptions.from(view, ListenerOptions.ADMIN);

        Config.Numbering numbering = new Config.Numbering(emergencyNumbers());
        Config.Policies policies = new Config.Policies(policyNames(), policySettings);
        Config.Shutdown shutdown = new Config.Shutdown(view.duration("shutdown.drainTimeout", Duration.ZERO, Duration.ofMinutes(10)));
        // read by the call-caps and cti modules at their start; checked here too, so that one start shows every mistake
        CapsOptions.from(view, fastAgi.decisionDeadline());
        ListenerOptions cti = ListenerOptions.from(view, ListenerOptions.CTI);
        CtiOptions.from(view);
        Duration stateTimeout = StateCalls.timeout(view, fastAgi.decisionDeadline()); // read by the app from modules(); checked here
        if (RedisStateOptions.from(view).isPresent()) { // the same
            RedisStateOptions.localFallback(view, stateTimeout);
            RedisStateOptions.probeInterval(view);
            RedisStateOptions.leaseTime(view);
        }
        MetricsOptions metrics = MetricsOptions.from(view); // the same
        if (!metrics.token().isEmpty() && metrics.token().equals(admin.token())) {
            view.problem(MetricsOptions.TOKEN, "must differ from admin.token (a scrape token stored in Prometheus must not open the admin API)");
        }
        List<String> modules = moduleNames();
        Config.Cluster cluster = cluster();
        Config.Logging logging = logging();

        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new Config(fastAgi, ami, store, admin, numbering, policies, shutdown,
                cti, ModuleValues.of(modules, ConfigKeys.MODULE_AND_STATE_OPTIONS, raw), hep, cluster, logging);
    }

    // --- key-specific rules ---

    private List<String> emergencyNumbers() {
        List<String> numbers = view.list("numbering.emergencyNumbers");
        if (numbers.isEmpty()) view.problem("numbering.emergencyNumbers", "must list at least one number (112 at the very least)");
        for (String n : numbers) {
            if (n.length() > 15 || !n.chars().allMatch(c -> c >= '0' && c <= '9')) {
                view.problem("numbering.emergencyNumbers", "'" + n + "' is not a short number (digits only)");
            }
        }
        return numbers;
    }

    /** {@code node.id} (empty = the host name) and {@code cluster.reloadInterval} (0 = off, else 1 s to 1 day). */
    private Config.Cluster cluster() {
        String node = view.text(ConfigKeys.NODE_ID).trim();
        if (node.isEmpty()) {
            node = Config.Cluster.hostName();
        } else if (!node.matches(Config.Cluster.NODE_ID_PATTERN)) {
            view.problem(ConfigKeys.NODE_ID, "must be 1 to 64 letters, digits, '.', '_' or '-', got '" + node + "'");
        }
        Duration reload = view.duration(ConfigKeys.CLUSTER_RELOAD_INTERVAL, Duration.ZERO, Duration.ofDays(1));
        if (!reload.isZero() && reload.compareTo(Duration.ofSeconds(1)) < 0) {
            view.problem(ConfigKeys.CLUSTER_RELOAD_INTERVAL, "must be 0 (off) or at least 1s, got "
                    + io.callguard.core.config.Durations.format(reload));
        }
        return new Config.Cluster(node, reload);
    }

    /** {@code logging.format}: text or json (case-insensitive). */
    private Config.Logging logging() {
        String format = view.text(ConfigKeys.LOGGING_FORMAT).trim().toLowerCase(java.util.Locale.ROOT);
        if (!format.equals(Config.Logging.TEXT_FORMAT) && !format.equals(Config.Logging.JSON_FORMAT)) {
            view.problem(ConfigKeys.LOGGING_FORMAT, "must be text or json, got '" + view.text(ConfigKeys.LOGGING_FORMAT) + "'");
            return Config.Logging.TEXT;
        }
        return new Config.Logging(format);
    }

    private List<String> policyNames() {
        List<String> names = view.list(ConfigKeys.POLICIES);
        if (names.isEmpty()) view.problem(ConfigKeys.POLICIES, "must name at least one policy (e.g. emergency, default)");
        return distinct(ConfigKeys.POLICIES, names,
                n -> n.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_'),
                n -> "'" + n + "' is not a policy name (letters, digits, - and _)");
    }

    /** The rule modules to start: known ones, each once; empty for all. */
    private List<String> moduleNames() {
        List<String> known = RuleModules.discover().all().stream().map(RuleModule::name).toList();
        return distinct(ConfigKeys.MODULES, view.list(ConfigKeys.MODULES), known::contains,
                n -> "unknown rule module '" + n + "' (known: " + String.join(", ", known) + ")");
    }

    /** {@code names}, each checked by {@code valid} and listed once; a problem of {@code key} for each that is not. */
    private List<String> distinct(String key, List<String> names, Predicate<String> valid, Function<String, String> invalid) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!valid.test(n)) view.problem(key, invalid.apply(n));
            else if (!seen.add(n)) view.problem(key, "'" + n + "' is listed twice");
        }
        return names;
    }
}
