package io.callguard.records.build;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The replay tests' waits on real sockets: bounded, and checked on a Vert.x timer (no sleeping test thread). */
final class VertxWaits {
    private VertxWaits() { }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    /** Waits (at most 10 s) until the condition holds. */
    static void until(Vertx vertx, BooleanSupplier condition) throws Exception {
        Promise<Void> met = Promise.promise();
        long timer = vertx.setPeriodic(5, id -> {
            if (condition.getAsBoolean()) met.tryComplete();
        });
        try {
            met.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            vertx.cancelTimer(timer);
        }
    }
}
