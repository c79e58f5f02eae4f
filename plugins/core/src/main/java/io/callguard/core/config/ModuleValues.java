package io.callguard.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The validated values of the keys the rule modules declare, handed to each module at its start through
 * {@link #view}. Values are kept as text in one spelling (lists as lists), so that the same settings written in the
 * file, in the environment or left to their defaults compare equal.
 *
 * @param enabled the modules to start, in order ({@code modules}); empty for every module found, by name
 * @param values  key → String, or List of Strings for list options
 * @param secrets the keys whose values {@link #toString} masks
 */
public record ModuleValues(List<String> enabled, Map<String, Object> values, Set<String> secrets) {
    public ModuleValues {
        enabled = List.copyOf(enabled);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        secrets = Set.copyOf(secrets);
    }

    /** The values of {@code options} among the merged raw ones (already checked by the options' owners). */
    public static ModuleValues of(List<String> enabled, List<Option> options, Map<String, ConfigValues.Value> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Option o : options) {
            ConfigValues.Value v = raw.get(o.path());
            if (v == null || v.value() == null) continue;
            values.put(o.path(), normal(o.type(), v.value()));
        }
        return new ModuleValues(enabled, values, options.stream().filter(o -> o.type() == OptionType.SECRET)
                .map(Option::path).collect(Collectors.toSet()));
    }

    /**
     * One spelling per value, so that equal settings compare equal: lists as lists, durations in their short form
     * ({@code 1m} for {@code 60s}), booleans in lower case, the rest trimmed. Text a type cannot parse stays as written
     * (its owner already reported it).
     */
    private static Object normal(OptionType type, Object value) {
        if (value instanceof List<?> l) return l.stream().map(Object::toString).toList();
        String text = value.toString().trim();
        return switch (type) {
            case LIST -> ConfigValues.splitList(text);
            case BOOLEAN -> text.toLowerCase(Locale.ROOT);
            case DURATION -> {
                try {
                    yield Durations.format(Durations.parse(text));
                } catch (IllegalArgumentException e) {
                    yield text;
                }
            }
            default -> text;
        };
    }

    /**
     * These values as a module reads them. A value equal to the option's declared default counts as the default
     * ({@link ConfigView#isDefault}); problems a module records land in {@code problems}.
     */
    public ConfigValues view(List<Option> options, List<String> problems) {
        Map<String, ConfigValues.Value> raw = new LinkedHashMap<>();
        for (Option o : options) {
            Object v = values.get(o.path());
            if (v == null) continue;
            Object dflt = o.defaultValue() == null ? null : normal(o.type(), o.defaultValue());
            raw.put(o.path(), new ConfigValues.Value(v, v.equals(dflt) ? ConfigValues.DEFAULT : "file"));
        }
        return new ConfigValues(raw, problems == null ? new ArrayList<>() : problems);
    }

    /** Secret values masked. */
    @Override
    public String toString() {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + (secrets.contains(e.getKey()) ? "***" : e.getValue()))
                .collect(Collectors.joining(", ", "ModuleValues[enabled=" + enabled + ", ", "]"));
    }
}
