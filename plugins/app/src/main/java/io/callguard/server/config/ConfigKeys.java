package io.callguard.server.config;

import io.callguard.asterisk.ami.AmiOptions;
import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.core.config.Option;
import io.callguard.core.config.OptionType;
import io.callguard.core.module.RuleModules;
import io.callguard.http.ListenerOptions;
import io.callguard.store.StoreOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.callguard.core.config.OptionType.BOOLEAN;
import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.LIST;
import static io.callguard.core.config.OptionType.STRING;

/**
 * Every configuration key with its built-in default, gathered from the places that declare them: the app's own keys
 * here, each adapter's in its options ({@link FastAgiOptions}, {@link AmiOptions}, {@link StoreOptions},
 * {@link ListenerOptions}), each rule module's in its {@code options()}. A key is declared once (checked here). The
 * YAML file and the environment only override these defaults; {@code config-examples/callguard.yaml} and the README
 * document them (tests keep both complete).
 */
public final class ConfigKeys {
    private ConfigKeys() { }

    /** Key of the per-policy settings map ({@code policy.<name>.<setting>}); its content is open, not in {@link #ALL}. */
    public static final String POLICY_SETTINGS = "policy";
    /** Key of the ordered list of rule modules to start (empty = all found). */
    public static final String MODULES = "modules";
    /** Key of the ordered list of enabled policies. */
    public static final String POLICIES = "policies";

    /** The app's own keys. */
    private static final List<Option> APP_KEYS = List.of(
            Option.of("numbering.emergencyNumbers", LIST, "15,17,18,112,114,115,119,116000,191,196,197",
                    "short numbers always routed (never denied)"),
            Option.of(POLICIES, LIST, "emergency,suspension,calls-per-second,channel-cap,tariff-announcement,default",
                    "enabled policies, in the order they judge a call"),
            Option.of(MODULES, LIST, "", "rule modules to start, in order (empty = every module found, by name)"),
            Option.of("shutdown.drainTimeout", DURATION, "5s", "on stop, how long in-flight FastAGI sessions may finish"));


    /** Settings of the built-in {@code default} policy (core's); the modules declare their policies' settings. */
    private static final List<Option> BUILT_IN_POLICY_SETTINGS = List.of(
            Option.of("policy.default.unknownAccount", OptionType.STRING, "deny", "deny or allow calls of unknown accounts"),
            Option.of("policy.default.defaultMaxSeconds", OptionType.INT, "7200", "duration limit of allowed unknown-account calls"));

    /** Every key the rule modules on the class path declare, each declared once (checked by {@link RuleModules}). */
    public static final List<Option> MODULE_OPTIONS = RuleModules.discover().options();

    /** Every known key with its built-in default (policy settings excepted: see {@link #POLICY_DEFAULTS}). */
    public static final List<Option> ALL = allKeys();

    /** Built-in settings of the shipped policies, typed as the YAML file would give them. */
    public static final Map<String, Map<String, Object>> POLICY_DEFAULTS = policyDefaults();

    /** The keys of every owner, each key declared by one owner only. */
    private static List<Option> allKeys() {
        Map<String, List<Option>> byOwner = new LinkedHashMap<>();
        byOwner.put("the app", APP_KEYS);
        byOwner.put("the FastAGI adapter", FastAgiOptions.OPTIONS);
        byOwner.put("the AMI adapter", AmiOptions.OPTIONS);
        byOwner.put("the store adapter", StoreOptions.OPTIONS);
        byOwner.put("the admin listener", ListenerOptions.ADMIN_OPTIONS);
        byOwner.put("the CTI listener", ListenerOptions.CTI_OPTIONS);
        byOwner.put("the app's built-in policy", BUILT_IN_POLICY_SETTINGS);
        byOwner.put("a rule module", MODULE_OPTIONS);
        Map<String, String> owners = new LinkedHashMap<>();
        List<Option> all = new ArrayList<>();
        byOwner.forEach((owner, options) -> {
            for (Option o : options) {
                String other = owners.putIfAbsent(o.path(), owner);
                if (other != null) {
                    throw new IllegalStateException("option " + o.path() + " is declared by " + other + " and by " + owner);
                }
                if (!o.policySetting()) all.add(o);
            }
        });
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

    private static final Map<String, Option> BY_PATH =
            ALL.stream().collect(Collectors.toMap(Option::path, Function.identity(), (a, b) -> a, LinkedHashMap::new));

    public static Optional<Option> byPath(String path) { return Optional.ofNullable(BY_PATH.get(path)); }

    /** Whether the key's value is never printed (toString and messages mask it). */
    public static boolean secret(String path) { return byPath(path).map(o -> o.type() == OptionType.SECRET).orElse(false); }

    /** Top-level sections (fastagi, ami…) and top-level leaf keys (policies). */
    public static boolean isSection(String path) {
        String prefix = path + ".";
        return ALL.stream().anyMatch(k -> k.path().startsWith(prefix));
    }

    /** Known child names under a section, for "did you mean" hints. */
    public static Set<String> childrenOf(String section) {
        String prefix = section.isEmpty() ? "" : section + ".";
        Set<String> names = new TreeSet<>();
        for (Option k : ALL) {
            if (k.path().startsWith(prefix)) {
                String rest = k.path().substring(prefix.length());
                int dot = rest.indexOf('.');
                names.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        if (section.isEmpty()) names.add(POLICY_SETTINGS);
        return names;
    }
}
