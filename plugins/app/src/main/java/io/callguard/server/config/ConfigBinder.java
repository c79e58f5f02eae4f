package io.callguard.server.config;

import io.callguard.asterisk.ami.AmiOptions;
import io.callguard.asterisk.ami.AmiSettings;
import io.callguard.caps.CapsOptions;
import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.Durations;
import io.callguard.core.module.RuleModule;
import io.callguard.core.module.RuleModules;
import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.cti.callback.CallbackSettings;
import io.callguard.cti.calls.ClickToCallSettings;
import io.callguard.cti.ratelimit.RequestLimitSettings;
import io.callguard.cti.sip.SipSenderOptions;
import io.callguard.cti.sms.DispatchSettings;
import io.callguard.cti.sms.SmsOptions;
import io.callguard.cti.sms.SmsSettings;
import io.callguard.server.http.ListenerOptions;
import io.callguard.store.StoreOptions;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
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

        CtiConfig cti = cti(numbering.emergencyNumbers());

        List<String> modules = moduleNames();

        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new Config(fastAgi, ami, store, admin, numbering, policies, shutdown,
                cti, ModuleValues.of(modules, ConfigKeys.MODULE_OPTIONS, raw));
    }

    // --- the CTI API (R8) ---

    /** @param callEmergencyNumbers destinations click-to-call may reach while the account is suspended (R6) */
    private CtiConfig cti(List<String> callEmergencyNumbers) {
        boolean enabled = bool("cti.enabled");
        ListenerOptions listener = ListenerOptions.from(view, ListenerOptions.CTI);

        SmsSettings sms = SmsOptions.from(view);

        String gatewayUri = text("cti.sms.gatewayUri").trim();
        if (!gatewayUri.matches("sips?:[^\\s@]+@[^\\s@]+") && !gatewayUri.matches("sips?:[^\\s@]+")) {
            problem("cti.sms.gatewayUri", "must be a SIP URI such as sip:sms@gateway.example:5060, got '" + gatewayUri + "'");
            gatewayUri = "sip:invalid";
        } else if (gatewayUri.startsWith("sips:")) {
            problem("cti.sms.gatewayUri", "sips: is not supported (udp or tcp only), got '" + gatewayUri + "'");
            gatewayUri = "sip:invalid";
        }
        String transport = text("cti.sms.sipTransport").trim().toLowerCase(Locale.ROOT);
        if (!transport.equals("udp") && !transport.equals("tcp")) {
            problem("cti.sms.sipTransport", "must be udp or tcp, got '" + transport + "'");
            transport = "udp";
        }
        SipSenderOptions sip = new SipSenderOptions(host("cti.sms.sipLocalHost"),
                integer("cti.sms.sipLocalPort", 0, 65535, "1..65535 (or 0 for any)"), transport, gatewayUri, null,
                "callguard-cti-sms", 4, duration("cti.sms.sipTimerT1", Duration.ofMillis(1), Duration.ofSeconds(10)));

        int smsAttempts = integer("cti.sms.maxAttempts", 1, 100, "1..100");
        Duration smsFirst = duration("cti.sms.firstRetryDelay", Duration.ZERO, Duration.ofHours(1));
        Duration smsMax = duration("cti.sms.maxRetryDelay", Duration.ZERO, Duration.ofHours(24));
        if (smsMax.compareTo(smsFirst) < 0) {
            problem("cti.sms.maxRetryDelay", "must be at least cti.sms.firstRetryDelay (" + Durations.format(smsFirst)
                    + "), got " + Durations.format(smsMax));
            smsMax = smsFirst;
        }
        DispatchSettings dispatch = new DispatchSettings(smsAttempts, smsFirst, smsMax,
                DispatchSettings.defaults().maxInFlight());

        int callbackAttempts = integer("cti.callbacks.maxAttempts", 1, 100, "1..100");
        Duration callbackFirst = duration("cti.callbacks.firstDelay", Duration.ZERO, Duration.ofHours(1));
        Duration callbackMax = duration("cti.callbacks.maxDelay", Duration.ZERO, Duration.ofHours(24));
        if (callbackMax.compareTo(callbackFirst) < 0) {
            problem("cti.callbacks.maxDelay", "must be at least cti.callbacks.firstDelay ("
                    + Durations.format(callbackFirst) + "), got " + Durations.format(callbackMax));
            callbackMax = callbackFirst;
        }
        CallbackSettings callbacks = new CallbackSettings(callbackAttempts, callbackFirst, callbackMax,
                duration("cti.callbacks.timeout", Duration.ofMillis(100), Duration.ofMinutes(5)),
                bool("cti.callbacks.allowPrivateAddresses"));

        String context = text("cti.calls.outboundContext").trim();
        if (context.isEmpty() || context.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
            problem("cti.calls.outboundContext", "must be a dialplan context name, got '" + context + "'");
        }
        String prefix = text("cti.calls.channelPrefix").trim();
        if (!prefix.matches("[A-Za-z0-9_]+/")) {
            problem("cti.calls.channelPrefix", "must be a channel technology followed by / (e.g. PJSIP/), got '" + prefix + "'");
        }
        ClickToCallSettings calls = new ClickToCallSettings(context, prefix,
                duration("cti.calls.ringTimeout", Duration.ofSeconds(1), Duration.ofMinutes(10)),
                new LinkedHashSet<>(callEmergencyNumbers));

        int requestsPerSecond = integer("cti.requests.perSecond", 1, 100_000, "1..100000");
        int burst = integer("cti.requests.burst", 1, 1_000_000, "1..1000000");
        if (burst < requestsPerSecond) {
            problem("cti.requests.burst", "must be at least cti.requests.perSecond (" + requestsPerSecond + "), got " + burst);
            burst = requestsPerSecond;
        }
        Duration keysRefresh = duration("cti.keys.refreshInterval", Duration.ofSeconds(1), Duration.ofHours(1));
        return new CtiConfig(enabled, listener.host(), listener.port(), listener.maxBodyBytes(), sms, sip, dispatch,
                callbacks, calls, new RequestLimitSettings(requestsPerSecond, burst), keysRefresh,
                listener.idleTimeout(), listener.maxConnections(), listener.maxConnectionsPerAddress());
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
