package io.callguard.server.config;

import java.util.List;

/**
 * The configuration is wrong. Each problem names its key ({@code fastagi.port: must be 1..65535 …}); the
 * message joins them on one line. Never carries a secret's value.
 */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) { this(List.of(problem)); }

    public List<String> problems() { return problems; }
}
