package io.callguard.server;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/** The steps of stopping callguard: each one's failure logged without stopping the next, Vert.x closed last. */
final class StopSteps {
    /** The app's logger: these lines tell how the app's stop went. */
    private static final Logger LOG = LoggerFactory.getLogger(CallguardApp.class);

    private StopSteps() { }

    /** Runs one stop step; its failure is logged and does not stop the next steps. */
    static Future<Void> step(String what, Supplier<Future<?>> action) {
        Future<?> f;
        try {
            f = action.get();
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        return f.transform(ar -> {
            if (ar.failed()) LOG.warn("stopping {} failed: {}", what, ar.cause().toString());
            return Future.<Void>succeededFuture();
        });
    }

    /**
     * Closes Vert.x from a thread of its own, then completes {@code done}: called from an event loop, the close
     * future's callback would be dispatched to that event loop after it has terminated, and never run.
     */
    static void closeVertx(Vertx vertx, Promise<Void> done) {
        Thread closer = new Thread(() -> vertx.close().onComplete(ar -> {
            if (ar.failed()) LOG.warn("stopping Vert.x failed: {}", ar.cause().toString());
            done.complete();
        }), "callguard-vertx-close");
        closer.start();
    }
}
