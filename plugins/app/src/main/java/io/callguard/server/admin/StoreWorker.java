package io.callguard.server.admin;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.Callable;

/** Runs blocking store work on the named worker pool ("callguard-store"), never on the event loop. */
public final class StoreWorker {
    public static final String POOL_NAME = "callguard-store";

    private final WorkerExecutor executor;

    public StoreWorker(WorkerExecutor executor) { this.executor = executor; }

    /** Unordered: independent requests may run in parallel (the directory module serialises its writes). */
    public <T> Future<T> run(Callable<T> work) { return executor.executeBlocking(work, false); }
}
