package io.callguard.server;

import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.ConfigView;
import io.callguard.core.config.ModuleValues;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.module.RuleModule;
import io.callguard.core.module.RuleModules;
import io.callguard.server.config.ConfigException;
import io.callguard.server.config.ConfigKeys;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the rule modules inside the app: hands them the configuration and the shared services, schedules their
 * timers on Vert.x (blocking ones on the worker pool), attaches their call listeners to the call tracker, and stops
 * them in reverse order.
 */
final class RuleModuleHost {
    private static final Logger LOG = LoggerFactory.getLogger(RuleModuleHost.class);

    private final RuleModules modules;
    private final Vertx vertx;
    private final WorkerExecutor worker;
    private volatile CallTracker tracker;
    private volatile List<CallTrackerListener> listeners = List.of();
    /** The app's services; the started modules' own come from {@link RuleModules#services}. */
    private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();

    RuleModuleHost(RuleModules modules, Vertx vertx, WorkerExecutor worker) {
        this.modules = modules;
        this.vertx = vertx;
        this.worker = worker;
    }

    /**
     * Starts every module (may block: call it off the event loops).
     *
     * @param appValues keys of the app's own the modules may read too (e.g. {@code fastagi.decisionDeadline}), as text
     * @param appServices what the app hands over; a module also finds those the modules started before it declare
     * @throws ConfigException with every problem the modules found in their options, or the one a module threw
     */
    void start(ModuleValues values, Map<String, String> appValues, Map<Class<?>, Object> appServices) {
        services.putAll(appServices);
        List<String> problems = new ArrayList<>();
        ConfigValues view = values.view(ConfigKeys.MODULE_OPTIONS, problems);
        appValues.forEach((key, value) -> view.set(key, value, "app"));
        ModuleContext context = new ModuleContext() {
            @Override public ConfigView config() { return view; }

            @Override
            public <T> T service(Class<T> type) {
                return RuleModuleHost.this.service(type)
                        .orElseThrow(() -> new NoSuchElementException("no service " + type.getSimpleName() + " registered"));
            }

            @Override public <T> Optional<T> find(Class<T> type) { return RuleModuleHost.this.service(type); }

            @Override public <T> List<T> all(Class<T> type) { return RuleModuleHost.this.all(type); }
        };
        try {
            modules.start(context, this::schedule);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        if (!problems.isEmpty()) {
            modules.stop();
            throw new ConfigException(problems);
        }
        // a module's service must not hide one of the app's under the same type (the app's would win every look-up)
        for (RuleModule m : modules.all()) {
            for (Class<?> type : m.services().keySet()) {
                if (services.containsKey(type)) {
                    modules.stop();
                    throw new IllegalStateException("a service " + type.getSimpleName() + " is already registered");
                }
            }
        }
        // the call events' hook: today the tracker's listeners (hang-ups, new channels, resynchronisations)
        if (services.get(CallTracker.class) instanceof CallTracker t) {
            tracker = t;
            listeners = modules.callListeners();
            listeners.forEach(t::addListener);
        }
        if (!modules.all().isEmpty()) {
            LOG.info("rule modules started: {}", String.join(", ", modules.all().stream().map(RuleModule::name).toList()));
        }
    }

    List<ModuleRoute> adminRoutes() { return modules.adminRoutes(); }

    List<ModuleRoute> ctiRoutes() { return modules.ctiRoutes(); }

    /**
     * A service the app registered or a started module declares ({@link RuleModule#services});
     * empty when none (its module is not enabled).
     */
    <T> Optional<T> service(Class<T> type) {
        if (services.containsKey(type)) return Optional.of(type.cast(services.get(type)));
        List<T> declared = modules.servicesOf(type);
        if (declared.size() > 1) {
            throw new IllegalStateException("service " + type.getSimpleName() + " is offered by several modules: ask for all");
        }
        return declared.stream().findFirst();
    }

    /**
     * Every service of this type: the one the app registered or a module offered, then those the started modules
     * declare, in start order (several may: e.g. what an account's deletion takes with it).
     */
    <T> List<T> all(Class<T> type) {
        List<T> out = new ArrayList<>();
        if (services.containsKey(type)) out.add(type.cast(services.get(type)));
        out.addAll(modules.servicesOf(type));
        return List.copyOf(out);
    }

    /** Detaches the call listeners, cancels the timers and stops the modules in reverse order. */
    void stop() {
        CallTracker t = tracker;
        if (t != null) listeners.forEach(t::removeListener);
        modules.stop();
    }

    private Runnable schedule(ModuleTimer timer) {
        // one run at a time per timer: a blocking run that outlasts its period skips the ticks due meanwhile
        AtomicBoolean running = new AtomicBoolean();
        long id = vertx.setPeriodic(timer.period().toMillis(), ignored -> {
            if (!running.compareAndSet(false, true)) return;
            if (timer.blocking()) {
                worker.executeBlocking(() -> {
                    runOnce(timer, running);
                    return null;
                }, false);
            } else {
                runOnce(timer, running);
            }
        });
        return () -> vertx.cancelTimer(id);
    }

    private static void runOnce(ModuleTimer timer, AtomicBoolean running) {
        try {
            timer.task().run();
        } catch (RuntimeException e) {
            LOG.warn("timer {} failed: {}", timer.name(), e.toString());
        } finally {
            running.set(false);
        }
    }
}
