package io.callguard.core.module;

/** The app's timers, as {@link RuleModules} uses them: schedule a module's {@link ModuleTimer}, cancel it at stop. */
@FunctionalInterface
public interface ModuleScheduler {
    /** Starts running {@code timer}; the returned handle cancels it (idempotent). */
    Runnable schedule(ModuleTimer timer);
}
