package io.callguard.server.config;

import io.callguard.asterisk.ami.AmiOptions;
import io.callguard.asterisk.ami.AmiSettings;
import io.callguard.caps.CapsOptions;
import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.Durations;
import io.callguard.core.module.RuleModule;
import io.callguard.core.module.RuleModules;
import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.cti.CtiOptions;
import io.callguard.http.ListenerOptions;
import io.callguard.store.StoreOptions;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
        ListenerOptions admin = ListenerOptions.from(view, ListenerOptions.ADMIN);

        NumberingConfig numbering = new NumberingConfig(emergencyNumbers());
        PolicyConfig policies = new PolicyConfig(policyNames(), policySettings);
        ShutdownConfig shutdown = new ShutdownConfig(duration("shutdown.drainTimeout", Duration.ZERO, Duration.ofMinutes(10)));
        // read by the call-caps module at its start; checked here too, so that one start shows every mistake
        CapsOptions.from(view, fastAgi.decisionDeadline());

        ListenerOptions cti = cti();

        List<String> modules = moduleNames();

        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new Config(fastAgi, ami, store, admin, numbering, policies, shutdown,
                cti, ModuleValues.of(modules, ConfigKeys.MODULE_OPTIONS, raw));
    }

    // --- the CTI API (R8) ---

    /** The CTI listener's keys; the rest of {@code cti} is the cti module's, checked here for one start's messages. */
    private ListenerOptions cti() {
        ListenerOptions listener = ListenerOptions.from(view, ListenerOptions.CTI);
        // read by the cti module at its start; checked here too, so that one start shows every mistake
        CtiOptions.from(view);
        return listener;
    }

    // --- typed readers: ConfigValues records the problem and returns a harmless placeholder ---

    private String text(String path) { return view.text(path); }

    private String host(String path) { return view.host(path); }

    private int integer(String path, int min, int max, String range) { return view.integer(path, min, max, range); }

    private boolean bool(String path) { return view.bool(path); }

    private Duration duration(String path, Duration min, Duration max) { return view.duration(path, min, max); }

    private List<String> list(String path) { return view.list(path); }

    static List<String> splitList(String text) { return ConfigValues.splitList(text); }

    // --- key-specific rules ---

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
