package io.callguard.server.config;

import java.util.List;

/** @param emergencyNumbers short numbers that are always routed, digits only */
public record NumberingConfig(List<String> emergencyNumbers) {
    public NumberingConfig { emergencyNumbers = List.copyOf(emergencyNumbers); }
}
