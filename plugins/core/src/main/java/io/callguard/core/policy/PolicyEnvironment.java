package io.callguard.core.policy;

import io.callguard.core.directory.Directory;
import io.callguard.core.numbering.FrenchNumberingPlan;

import java.time.Clock;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * A shared service the server registered.
     *
     * @throws NoSuchElementException naming the type when none is registered
     */
    public <T> T service(Class<T> type) {
        return find(type).orElseThrow(() -> new NoSuchElementException("no service " + type.getSimpleName() + " registered"));
    }

    /** A shared service the server registered, or empty when none is (a policy that can do without it). */
    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }

    public PolicyEnvironment withSettings(Map<String, Object> policySettings) {
        return new PolicyEnvironment(directory, numberingPlan, clock, policySettings, services);
    }
}
