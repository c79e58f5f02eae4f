package io.callguard.server.config;

/** How a configuration value is written and parsed. */
public enum ValueType {
    STRING,
    /** A string that is never printed (toString and error messages mask it). */
    SECRET,
    INT,
    BOOLEAN,
    /** {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT2S}). */
    DURATION,
    /** A YAML sequence, or a comma-separated string (environment). */
    LIST
}
