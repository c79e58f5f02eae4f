package io.callguard.server.config;

import io.callguard.asterisk.ami.AmiOptions;
import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.hep.HepOptions;
import io.callguard.core.config.DeclaredOptions;
import io.callguard.core.config.Option;
import io.callguard.core.module.RuleModules;
import io.callguard.core.state.StateCalls;
import io.callguard.http.ListenerOptions;
import io.callguard.http.metrics.MetricsOptions;
import io.callguard.redis.RedisStateOptions;
import io.callguard.store.StoreOptions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.LIST;
import static io.callguard.core.config.OptionType.STRING;

/**
 * Every configuration key with its built-in default, gathered from the places that declare them: the app's own keys
 * here, each adapter's in its options ({@link FastAgiOptions}, {@link AmiOptions}, {@link StoreOptions},
 * {@link ListenerOptions}), each rule module's in its {@code options()}. A key is declared once (checked here). The
 * YAML file and the environment only override these defaults; {@code config-examples/callguard.yaml} and the README
 * document them (tests keep both complete). {@link DeclaredOptions} reads the list.
 */
public final class ConfigKeys {
    private ConfigKeys() { }

    /** Key of the per-policy settings map ({@code policy.<name>.<setting>}); its content is open, not in {@link #ALL}. */
    public static final String POLICY_SETTINGS = DeclaredOptions.POLICY_SECTION;
    /** Key of the ordered list of rule modules to start (empty = all found). */
    public static final String MODULES = "modules";
    /** Key of the ordered list of enabled policies. */
    public static final String POLICIES = "policies";

    /** Key of this node's name among the nodes sharing one store. */
    public static final String NODE_ID = "node.id";
    /** Key of the periodic full reload of the cached configuration (safety net of the change notifications). */
    public static final String CLUSTER_RELOAD_INTERVAL = "cluster.reloadInterval";

    /** Key of the console log lines' format: text or json. */
    public static final String LOGGING_FORMAT = "logging.format";

    /** The app's own keys. */
    private static final List<Option> APP_KEYS = List.of(
            Option.of("numbering.emergencyNumbers", LIST, "15,17,18,112,114,115,119,116000,191,196,197",
                    "short numbers always routed (never denied)"),
            Option.of(POLICIES, LIST, "emergency,suspension,calls-per-second,channel-cap,tariff-announcement,default",
                    "enabled policies, in the order they judge a call"),
            Option.of(MODULES, LIST, "", "rule modules to start, in order (empty = every module found, by name)"),
            Option.of("shutdown.drainTimeout", DURATION, "5s", "on stop, how long in-flight FastAGI sessions may finish"),
            Option.of(NODE_ID, STRING, "", "this node's name among the nodes sharing a store (empty = the host name)"),
            Option.of(CLUSTER_RELOAD_INTERVAL, DURATION, "30s",
                    "with a PostgreSQL store, every cached configuration is reloaded this often (0 = never)"),
            Option.of(LOGGING_FORMAT, STRING, "text",
                    "console log lines: text, or json (one JSON object per line, a call's uniqueId and accountId as fields)"));

    /** Settings of the built-in {@code default} policy (core's); the modules declare their policies' settings. */
    private static final List<Option> BUILT_IN_POLICY_SETTINGS = List.of(
            Option.of("policy.default.unknownAccount", STRING, "deny", "deny or allow calls of unknown accounts"),
            Option.of("policy.default.defaultMaxSeconds", INT, "7200", "duration limit of allowed unknown-account calls"));

    /** Every key the rule modules on the class path declare, each declared once (checked by {@link RuleModules}). */
    public static final List<Option> MODULE_OPTIONS = RuleModules.discover().options();

    /**
     * What {@link Config#modules()} holds: the modules' keys and the state port's ({@code state.timeout}), which the
     * app reads from there to build the {@link StateCalls} it hands to the modules and the chain; the state backend's
     * and the metrics' ({@link MetricsOptions}), read by the app from there too.
     */
    public static final List<Option> MODULE_AND_STATE_OPTIONS = java.util.stream.Stream
            .of(MODULE_OPTIONS, StateCalls.OPTIONS, RedisStateOptions.OPTIONS, MetricsOptions.OPTIONS)
            .flatMap(List::stream).toList();

    /** Every owner's keys; a key declared twice fails here, naming both owners. */
    public static final DeclaredOptions DECLARED = new DeclaredOptions(owners());

    /** Every known key with its built-in default (policy settings excepted: see {@link #POLICY_DEFAULTS}). */
    public static final List<Option> ALL = DECLARED.all();

    /** Built-in settings of the shipped policies, typed as the YAML file would give them. */
    public static final Map<String, Map<String, Object>> POLICY_DEFAULTS = DECLARED.policyDefaults();

    private static Map<String, List<Option>> owners() {
        Map<String, List<Option>> byOwner = new LinkedHashMap<>();
        byOwner.put("the app", APP_KEYS);
        byOwner.put("the state port", StateCalls.OPTIONS);
        byOwner.put("the state backend", RedisStateOptions.OPTIONS);
        byOwner.put("the FastAGI adapter", FastAgiOptions.OPTIONS);
        byOwner.put("the AMI adapter", AmiOptions.OPTIONS);
        byOwner.put("the store adapter", StoreOptions.OPTIONS);
        byOwner.put("the HEP collector", HepOptions.OPTIONS);
        byOwner.put("the admin listener", ListenerOptions.ADMIN_OPTIONS);
        byOwner.put("the CTI listener", ListenerOptions.CTI_OPTIONS);
        byOwner.put("the metrics endpoint", MetricsOptions.OPTIONS);
        byOwner.put("the app's built-in policy", BUILT_IN_POLICY_SETTINGS);
        byOwner.put("a rule module", MODULE_OPTIONS);
        return byOwner;
    }

    public static Optional<Option> byPath(String path) { return DECLARED.byPath(path); }
}
