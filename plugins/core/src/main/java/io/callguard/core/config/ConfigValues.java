package io.callguard.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link ConfigView} over merged raw values: each key's text (or list) and where it came from. Problems are
 * appended to the list given, as {@code <key>: <message>}, followed by {@code (from CALLGUARD_…)} when the value came
 * from the environment, so that the operator knows which place to fix.
 */
public final class ConfigValues implements ConfigView {
    /** Source of a value nobody set. */
    public static final String DEFAULT = "default";

    /**
     * A raw value and where it came from.
     *
     * @param value  a String, or a List of Strings (a YAML sequence)
     * @param source {@value #DEFAULT}, {@code file} or the environment variable's name
     */
    public record Value(Object value, String source) {
        public Value {
            Objects.requireNonNull(source, "source");
        }

        public boolean fromEnv() { return source.startsWith("CALLGUARD_"); }
    }

    private final Map<String, Value> values;
    private final List<String> problems;

    /** @param problems where problems are appended (shared with the caller, which fails once all are read) */
    public ConfigValues(Map<String, Value> values, List<String> problems) {
        this.values = values;
        this.problems = problems;
    }

    /** The declared defaults of {@code options} (tests, and modules checked on their own); set others with {@link #set}. */
    public static ConfigValues defaults(List<Option> options) {
        Map<String, Value> values = new LinkedHashMap<>();
        for (Option o : options) {
            if (o.defaultValue() != null) values.put(o.path(), new Value(o.defaultValue(), DEFAULT));
        }
        return new ConfigValues(values, new ArrayList<>());
    }

    /** Replaces one value; returns this. */
    public ConfigValues set(String path, Object value, String source) {
        values.put(path, new Value(value, source));
        return this;
    }

    /** The problems recorded so far. */
    public List<String> problems() { return problems; }

    // --- typed readers: each returns a harmless placeholder after recording a problem ---

    @Override
    public String text(String path) {
        Value r = values.get(path);
        if (r == null) return "";
        if (r.value() instanceof List) {
            problem(path, "must be a single value, not a list");
            return "";
        }
        return (String) r.value();
    }

    @Override
    public boolean isDefault(String path) {
        Value r = values.get(path);
        return r == null || DEFAULT.equals(r.source());
    }

    @Override
    public String host(String path) {
        String v = text(path).trim();
        if (v.isEmpty() || v.chars().anyMatch(Character::isWhitespace)) problem(path, "must be a host name or address, got '" + v + "'");
        return v;
    }

    @Override
    public int integer(String path, int min, int max, String range) {
        String v = text(path).trim();
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            problem(path, "must be an integer (" + range + "), got '" + v + "'");
            return min;
        }
        if (n < min || n > max) {
            problem(path, "must be " + range + ", got " + n);
            return min;
        }
        return (int) n;
    }

    @Override
    public boolean bool(String path) {
        String v = text(path).trim();
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        problem(path, "must be true or false, got '" + v + "'");
        return false;
    }

    @Override
    public Duration duration(String path, Duration min, Duration max) {
        String v = text(path);
        Duration d;
        try {
            d = Durations.parse(v);
        } catch (IllegalArgumentException e) {
            problem(path, e.getMessage());
            return min.isZero() ? Duration.ofSeconds(1) : min;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            String lower = min.isZero() ? "0 or more" : "at least " + Durations.format(min);
            problem(path, "must be " + lower + " and at most " + Durations.format(max) + ", got " + v.trim());
            return min.isZero() ? Duration.ofSeconds(1) : min;
        }
        return d;
    }

    @Override
    public List<String> list(String path) {
        Value r = values.get(path);
        if (r == null) return List.of();
        if (r.value() instanceof List<?> l) return l.stream().map(Object::toString).filter(s -> !s.isEmpty()).toList();
        return splitList((String) r.value());
    }

    /** Comma-separated items, trimmed, empty ones dropped (lists given as one string: environment, defaults). */
    public static List<String> splitList(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (!p.isEmpty()) out.add(p);
        }
        return out;
    }

    @Override
    public void problem(String path, String message) {
        Value r = values.get(path);
        String origin = r != null && r.fromEnv() ? " (from " + r.source() + ")" : "";
        problems.add(path + ": " + message + origin);
    }
}
