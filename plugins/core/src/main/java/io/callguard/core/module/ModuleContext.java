package io.callguard.core.module;

import io.callguard.core.config.ConfigView;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * What the app hands a module at {@link RuleModule#start}: the configuration and the shared services it runs, and
 * where the module offers the services it built in turn.
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
     * Every service of this type the app registered and every started module declares ({@link RuleModule#services})
     * or offered, app's first, then in start order; empty when there is none. For listener-like types several
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
     * Offers a service this module built (e.g. the suspensions' write side) to the modules started after it and to
     * the app, which finds it by {@code type} as it finds the services it registered itself.
     *
     * @throws IllegalStateException when a service of that type is already registered
     * @throws UnsupportedOperationException when this context takes none (a test's context that only hands out)
     */
    default <T> void offer(Class<T> type, T service) {
        throw new UnsupportedOperationException("this context takes no services (offered: " + type.getSimpleName() + ")");
    }
}
