package io.callguard.core.config;

import java.time.Duration;
import java.util.List;

/**
 * Typed reads over the merged configuration (built-in defaults, then the YAML file, then {@code CALLGUARD_*}
 * variables). A read never throws: a wrong value is recorded as a problem naming its key (and the variable it came
 * from), and a harmless placeholder is returned, so that one start reports every mistake at once. Messages follow
 * {@code <key>: <what is expected>, got <value>}; secret values never appear in them.
 */
public interface ConfigView {
    /** The value as text; empty when absent. A list where one value is expected is a problem. */
    String text(String path);

    /** A host name or address (no blank, no whitespace). */
    String host(String path);

    /** A whole number within {@code min..max}; {@code range} is how the bounds read in a message, e.g. {@code 1..64}. */
    int integer(String path, int min, int max, String range);

    /** {@code true} or {@code false}, case-insensitive. */
    boolean bool(String path);

    /** A duration ({@link Durations#parse}) within {@code min..max}. */
    Duration duration(String path, Duration min, Duration max);

    /** A YAML sequence, or a comma-separated string; empty items dropped. */
    List<String> list(String path);

    /** Whether the value is the built-in default (neither the file nor the environment set it). */
    boolean isDefault(String path);

    /** Records a problem with {@code path}; the message says what is expected and what was given. */
    void problem(String path, String message);
}
