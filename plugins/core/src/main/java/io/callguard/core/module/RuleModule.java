package io.callguard.core.module;

import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.config.Option;
import io.callguard.core.policy.PolicyProvider;

import java.util.List;
import java.util.Map;

/**
 * A rule family as one plugin. Listed in {@code META-INF/services/io.callguard.core.module.RuleModule}. What a module
 * declares before {@link #start} (name, options, policies, migrations) must not depend on configuration; what it
 * contributes after (timers, routes, listeners) may depend on what it built in {@link #start}.
 */
public interface RuleModule {
    /** Short lowercase name, unique among modules, e.g. {@code call-caps}. */
    String name();

    /** The configuration keys this module owns, each declared here only (defaults, types, one line of docs). */
    default List<Option> options() { return List.of(); }

    /** The policies of this family, by the existing provider SPI; enabled by name in {@code policies}. */
    default List<PolicyProvider> policies() { return List.of(); }

    /**
     * Services this family's policies share with the module, under the type the policies ask their environment for.
     * The policy chain is built (and the configuration checked) before the modules start, so these are built without
     * configuration and completed in {@link #start}.
     */
    default Map<Class<?>, Object> policyServices() { return Map.of(); }

    /**
     * Flyway locations of this family's tables, e.g. {@code classpath:db/caps}, applied after the core's in module
     * order, with a history table of the module's own (its versions start at V1).
     */
    default List<String> migrations() { return List.of(); }

    /** Reads the options and builds the family's services; a configuration mistake throws with the key in its message. */
    default void start(ModuleContext context) { }

    /** Periodic work, scheduled by the app after {@link #start} and cancelled before {@link #stop}. */
    default List<ModuleTimer> timers() { return List.of(); }

    /** Routes under {@code /admin/v1}, mounted behind the admin API's authentication and limits. */
    default List<ModuleRoute> adminRoutes() { return List.of(); }

    /** Routes under {@code /cti/v1}, mounted behind the CTI API's key check and request limits. */
    default List<ModuleRoute> ctiRoutes() { return List.of(); }

    /**
     * Services this module offers, by type, once started: found by the modules started after it
     * ({@link ModuleContext#service}) and by the app, which hands them to its adapters (e.g. the CTI API's admission
     * of click-to-calls).
     */
    default Map<Class<?>, Object> services() { return Map.of(); }

    /** Listeners on the live calls (channel created, hung up, resynchronised); must be quick and not block. */
    default List<CallTrackerListener> callListeners() { return List.of(); }

    /** Releases what {@link #start} built; called in reverse start order, also after a failed start of a later module. */
    default void stop() { }
}
