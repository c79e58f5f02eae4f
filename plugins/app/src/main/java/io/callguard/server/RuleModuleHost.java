package io.callguard.server;

import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.ModuleValues;
import io.callguard.core.module.ModuleHost;
import io.callguard.core.module.ModuleTimer;
import io.callguard.core.module.RuleModules;
import io.callguard.server.config.ConfigException;
import io.callguard.server.config.ConfigKeys;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Core's {@link ModuleHost} on the app's threads: the modules' timers run on Vert.x (blocking ones on the worker
 * pool), their configuration mistakes become the app's {@link ConfigException}.
 */
final class RuleModuleHost {
    private RuleModuleHost() { }

    /**
     * Starts every module (may block: call it off the event loops).
     *
     * @param appValues keys of the app's own the modules may read too (e.g. {@code fastagi.decisionDeadline}), as text
     * @param appServices what the app hands over; a module also finds those the modules started before it declare
     * @throws ConfigException with every problem the modules found in their options, or the one a module threw
     */
    static ModuleHost start(RuleModules modules, Vertx vertx, WorkerExecutor worker, ModuleValues values,
                            Map<String, String> appValues, Map<Class<?>, Object> appServices) {
        ModuleHost host = new ModuleHost(modules, timer -> schedule(vertx, worker, timer));
        List<String> problems = new ArrayList<>();
        ConfigValues view = values.view(ConfigKeys.MODULE_OPTIONS, problems);
        appValues.forEach((key, value) -> view.set(key, value, "app"));
        try {
            host.start(view, problems, appServices);
        } catch (ModuleHost.InvalidOptions e) {
            throw new ConfigException(e.problems());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return host;
    }

    private static Runnable schedule(Vertx vertx, WorkerExecutor worker, ModuleTimer timer) {
        // one run at a time per timer: a blocking run that outlasts its period skips the ticks due meanwhile
        AtomicBoolean running = new AtomicBoolean();
        long id = vertx.setPeriodic(timer.period().toMillis(), ignored -> {
            if (running.get()) return;
            if (timer.blocking()) {
                worker.executeBlocking(() -> ModuleHost.runOnce(timer, running), false);
            } else {
                ModuleHost.runOnce(timer, running);
            }
        });
        return () -> vertx.cancelTimer(id);
    }
}
