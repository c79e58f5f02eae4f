package io.callguard.core.module;

import io.callguard.core.config.ConfigView;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * What the app hands a module at {@link RuleModule#start}: the configuration and the shared services it runs. The
 * services a module builds in turn are declared by {@link RuleModule#services}, not handed back here.
 */
public interface ModuleContext {
    /** The merged configuration; problems recorded through it fail the start with every message at once. */
    ConfigView config();

    /**
     * A shared service the app (or an adapter) registered, such as the directory or the call tracker, or one a module
     * started before offers ({@link RuleModule#services}).
     *
     * @throws NoSuchElementException naming the type when none is registered
     */
    <T> T service(Class<T> type);

    /**
     * Every service of this type the app registered and every started module declares ({@link RuleModule#services}),
     * app's first, then in start order; empty when there is none. For listener-like types several
     * modules may serve at once (e.g. what an account's deletion takes with it): ask at the time of use, so that the
     * modules started after the asking one are included.
     */
    default <T> List<T> all(Class<T> type) {
        try {
            return List.of(service(type));
        } catch (NoSuchElementException e) {
            return List.of();
        }
    }

    /**
     * A shared service as {@link #service} finds it, or empty when none is registered: for the services a module uses
     * when the app runs them (e.g. the click-to-call ring time, only with the CTI API). Contexts that hold their
     * services in a map answer directly; this default reads {@link #service}'s refusal (or a null answer) as "none".
     */
    default <T> Optional<T> find(Class<T> type) {
        try {
            return Optional.ofNullable(service(type));
        } catch (NoSuchElementException e) {
            return Optional.empty();
        }
    }
}
