package io.callguard.core.module;

import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.config.Option;
import io.callguard.core.policy.PolicyChain;
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

    /**
     * The policies of this family, by the provider SPI; enabled by name in {@code policies}. The app builds its chain
     * after the modules started, from the started modules' providers only, over an environment that holds the
     * services the started modules declare ({@link #services}): a policy finds there what its module built in
     * {@link #start} (the caps' resynchronisation gate, the suspensions in memory).
     */
    default List<PolicyProvider> policies() { return List.of(); }

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
     * ({@link ModuleContext#service}), by the policies of the chain ({@link io.callguard.core.policy.PolicyEnvironment#find})
     * and by the app, which hands them to its adapters (e.g. the CTI API's admission of click-to-calls).
     */
    default Map<Class<?>, Object> services() { return Map.of(); }

    /** Listeners on the live calls (channel created, hung up, resynchronised); must be quick and not block. */
    default List<CallTrackerListener> callListeners() { return List.of(); }

    /**
     * Called once the app built its decision chain (after every module started, before any call is decided or any
     * listener serves): for the parts of a module that act through the very policy instances of the chain, e.g. the
     * caps' click-to-call admission. Not called for a throw-away copy of the chain (the start-up warm-up).
     */
    default void chainBuilt(PolicyChain chain) { }

    /** Releases what {@link #start} built; called in reverse start order, also after a failed start of a later module. */
    default void stop() { }
}
