package io.callguard.http;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Runs blocking store work on the named worker pool ("callguard-store"), never on the event loop, and says what the
 * store's failures mean ({@link StoreFailures}) to the API that answers for them.
 */
public final class StoreWorker {
    public static final String POOL_NAME = "callguard-store";

    private final WorkerExecutor executor;
    private final StoreFailures failures;

    /** @param failures what the store's exceptions are, told by the app (which knows the store adapter) */
    public StoreWorker(WorkerExecutor executor, StoreFailures failures) {
        this.executor = executor;
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    /** Unordered: independent requests may run in parallel (the directory module serialises its writes). */
    public <T> Future<T> run(Callable<T> work) { return executor.executeBlocking(work, false); }

    /** What the store's failures mean. */
    public StoreFailures failures() { return failures; }
}
