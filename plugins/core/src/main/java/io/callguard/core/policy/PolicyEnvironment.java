package io.callguard.core.policy;

import io.callguard.core.directory.Directory;
import io.callguard.core.numbering.FrenchNumberingPlan;

import java.time.Clock;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * What a policy may be built from: the shared read models, the clock, its own settings (the map under
 * {@code policy.<name>} in the configuration, already merged with environment overrides) and shared services
 * registered by the server (e.g. the call tracker).
 */
public record PolicyEnvironment(Directory directory, FrenchNumberingPlan numberingPlan, Clock clock,
                                Map<String, Object> settings, Map<Class<?>, Object> services) {
    public PolicyEnvironment {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(numberingPlan, "numberingPlan");
        Objects.requireNonNull(clock, "clock");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        services = services == null ? Map.of() : Map.copyOf(services);
    }

    public <T> T service(Class<T> type) {
        Object s = services.get(type);
        if (s == null) throw new NoSuchElementException("no service " + type.getSimpleName() + " registered");
        return type.cast(s);
    }

    public PolicyEnvironment withSettings(Map<String, Object> policySettings) {
        return new PolicyEnvironment(directory, numberingPlan, clock, policySettings, services);
    }
}
