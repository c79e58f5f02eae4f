package io.callguard.core.module;

import io.callguard.core.config.ConfigView;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the services of one app are found: those the app registered, then those the started rule modules declare
 * ({@link RuleModule#services}). The modules see it through the {@link ModuleContext} it makes; the app asks it
 * directly.
 */
public final class ModuleServices {
    private final RuleModules modules;
    private final Map<Class<?>, Object> registered = new ConcurrentHashMap<>();

    /** @param appServices what the app hands over (directory, call tracker, repositories…), by type */
    public ModuleServices(RuleModules modules, Map<Class<?>, Object> appServices) {
        this.modules = modules;
        this.registered.putAll(appServices);
    }

    /**
     * The service of this type the app registered or one started module declares; empty when none (its module is not
     * enabled).
     *
     * @throws IllegalStateException when several modules declare one: a listener-like type is asked for with {@link #all}
     */
    public <T> Optional<T> find(Class<T> type) {
        if (registered.containsKey(type)) return Optional.of(type.cast(registered.get(type)));
        List<T> declared = modules.servicesOf(type);
        if (declared.size() > 1) {
            throw new IllegalStateException("service " + type.getSimpleName() + " is offered by several modules: ask for all");
        }
        return declared.stream().findFirst();
    }

    /**
     * Every service of this type: the app's, then those the started modules declare, in start order (several may:
     * e.g. what an account's deletion takes with it).
     */
    public <T> List<T> all(Class<T> type) {
        if (!registered.containsKey(type)) return modules.servicesOf(type); // immutable, kept between calls
        List<T> out = new ArrayList<>();
        if (registered.containsKey(type)) out.add(type.cast(registered.get(type)));
        out.addAll(modules.servicesOf(type));
        return List.copyOf(out);
    }

    /**
     * A module's service must not hide one of the app's under the same type: the app's would win every look-up.
     *
     * @throws IllegalStateException naming the type
     */
    public void checkNoModuleHidesTheApps() {
        for (RuleModule m : modules.all()) {
            for (Class<?> type : m.services().keySet()) {
                if (registered.containsKey(type)) {
                    throw new IllegalStateException("a service " + type.getSimpleName() + " is already registered");
                }
            }
        }
    }

    /** What a module is handed at its start: {@code config} and these services. */
    public ModuleContext context(ConfigView config) {
        return new ModuleContext() {
            @Override public ConfigView config() { return config; }

            @Override
            public <T> T service(Class<T> type) {
                return ModuleServices.this.find(type)
                        .orElseThrow(() -> new NoSuchElementException("no service " + type.getSimpleName() + " registered"));
            }

            @Override public <T> Optional<T> find(Class<T> type) { return ModuleServices.this.find(type); }

            @Override public <T> List<T> all(Class<T> type) { return ModuleServices.this.all(type); }
        };
    }
}
