package io.callguard.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} / {@code --name=value} / {@code --flag} command-line options; unknown names are refused. An
 * option may be given more than once: {@link #strings} reads every value, the other readers the last one.
 */
final class Args {
    private final Map<String, List<String>> values = new HashMap<>();

    private Args() { }

    /**
     * @param flags   option names that take no value
     * @param options option names that take a value
     * @throws IllegalArgumentException on an unknown option or a missing value
     */
    static Args parse(String[] argv, Set<String> flags, Set<String> options) {
        Args a = new Args();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                a.add(name, value == null ? "true" : value);
            } else if (options.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.length) throw new IllegalArgumentException("--" + name + ": a value must follow");
                    value = argv[++i];
                }
                a.add(name, value);
            } else {
                throw new IllegalArgumentException("unknown option --" + name + " (known: " + known(flags, options) + ")");
            }
        }
        return a;
    }

    String string(String name, String dflt) {
        List<String> all = values.get(name);
        return all == null ? dflt : all.get(all.size() - 1);
    }

    /** Every value given to {@code name}, in command-line order; empty when none. */
    List<String> strings(String name) { return List.copyOf(values.getOrDefault(name, List.of())); }

    boolean has(String name) { return values.containsKey(name); }

    int integer(String name, int dflt, int min, int max) { return integer(name, string(name, null), dflt, min, max); }

    /** Every value given to {@code name} as an integer within {@code min..max}, in command-line order. */
    List<Integer> integers(String name, int min, int max) {
        List<Integer> out = new ArrayList<>();
        for (String v : strings(name)) out.add(integer(name, v, 0, min, max));
        return out;
    }

    private void add(String name, String value) { values.computeIfAbsent(name, k -> new ArrayList<>()).add(value); }

    private static int integer(String name, String v, int dflt, int min, int max) {
        if (v == null) return dflt;
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": not an integer: '" + v + "'");
        }
        if (n < min || n > max) throw new IllegalArgumentException("--" + name + ": must be " + min + ".." + max);
        return n;
    }

    private static String known(Set<String> flags, Set<String> options) {
        List<String> all = new ArrayList<>();
        options.forEach(o -> all.add("--" + o));
        flags.forEach(f -> all.add("--" + f));
        java.util.Collections.sort(all);
        return String.join(" ", all);
    }
}
