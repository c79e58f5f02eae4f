package io.callguard.core.module;

import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.config.ConfigView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the rule modules of one app: hands them the configuration and the shared services ({@link ModuleServices}),
 * has their timers scheduled, attaches their call listeners to the call tracker, and stops them in reverse order.
 * The app brings the threads ({@link ModuleScheduler}); this class knows no thread library.
 */
public final class ModuleHost {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleHost.class);

    /** The modules' configuration problems, every one of them (each names its key). */
    public static final class InvalidOptions extends IllegalArgumentException {
        private final List<String> problems;

        public InvalidOptions(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() { return problems; }
    }

    private final RuleModules modules;
    private final ModuleScheduler scheduler;
    private volatile ModuleServices services;
    private volatile CallTracker tracker;
    private volatile List<CallTrackerListener> listeners = List.of();

    public ModuleHost(RuleModules modules, ModuleScheduler scheduler) {
        this.modules = modules;
        this.scheduler = scheduler;
    }

    /**
     * Starts every module (may block: call it off the event loops).
     *
     * @param config      the modules' configuration; the problems they record through it land in {@code problems}
     * @param appServices what the app hands over; a module also finds those the modules started before it declare
     * @throws InvalidOptions with every problem recorded, after stopping the modules
     * @throws IllegalArgumentException the configuration mistake a module threw
     * @throws IllegalStateException when a module's service would hide one of the app's
     */
    public void start(ConfigView config, List<String> problems, Map<Class<?>, Object> appServices) {
        ModuleServices found = new ModuleServices(modules, appServices);
        services = found;
        modules.start(found.context(config), scheduler);
        try {
            if (!problems.isEmpty()) throw new InvalidOptions(problems);
            found.checkNoModuleHidesTheApps();
        } catch (RuntimeException e) {
            modules.stop();
            throw e;
        }
        // the call events' hook: today the tracker's listeners (hang-ups, new channels, resynchronisations)
        if (appServices.get(CallTracker.class) instanceof CallTracker t) {
            tracker = t;
            listeners = modules.callListeners();
            listeners.forEach(t::addListener);
        }
        if (!modules.all().isEmpty()) {
            LOG.info("rule modules started: {}", String.join(", ", modules.all().stream().map(RuleModule::name).toList()));
        }
    }

    public List<ModuleRoute> adminRoutes() { return modules.adminRoutes(); }

    public List<ModuleRoute> ctiRoutes() { return modules.ctiRoutes(); }

    /** A service the app registered or one started module declares; empty when none (its module is not enabled). */
    public <T> Optional<T> service(Class<T> type) {
        ModuleServices found = services;
        return found == null ? Optional.empty() : found.find(type);
    }

    /**
     * Every service of this type: the app's, then those the started modules declare, in start order; empty before
     * the start. For listener-like types several modules offer (the call events, the decisions).
     */
    public <T> List<T> all(Class<T> type) {
        ModuleServices found = services;
        return found == null ? List.of() : found.all(type);
    }

    /** Detaches the call listeners, cancels the timers and stops the modules in reverse order. */
    public void stop() {
        CallTracker t = tracker;
        if (t != null) listeners.forEach(t::removeListener);
        modules.stop();
    }

    /**
     * Runs one tick of {@code timer} unless its previous run still works ({@code running}): a run that outlasts its
     * period skips the ticks due meanwhile. A failing run is logged, never thrown.
     *
     * @return false when the tick was skipped
     */
    public static boolean runOnce(ModuleTimer timer, AtomicBoolean running) {
        if (!running.compareAndSet(false, true)) return false;
        try {
            timer.task().run();
        } catch (RuntimeException e) {
            LOG.warn("timer {} failed: {}", timer.name(), e.toString());
        } finally {
            running.set(false);
        }
        return true;
    }
}
