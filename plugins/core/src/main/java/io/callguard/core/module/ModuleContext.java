package io.callguard.core.module;

import io.callguard.core.config.ConfigView;

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
