package io.callguard.http.admin;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Unauthenticated probes. /health: the process runs. /ready: the store answers and AMI is connected and its first
 * resynchronisation after the start applied (or AMI is disabled); 503 otherwise, with {@code {"status","store","ami"}}
 * saying which part is not ready ({@code ami}: UP, DOWN, SYNCING or DISABLED), and {@code "state"}: the state backend's
 * mode (LOCAL, REDIS, LOCAL_FALLBACK or REDIS_DOWN), shown but not judged (a node counting its share locally while
 * Redis is down still decides rightly: taking it out of service would not help). Both answer from memory at once:
 * the store's state is the last one {@link StoreProbe} saw.
 */
final class HealthRoutes {
    private HealthRoutes() { }

    static void mount(Router router, BooleanSupplier storeUp, Supplier<AmiStatus> ami, Supplier<String> state) {
        router.get("/health").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "UP")));

        router.get("/ready").handler(ctx -> {
            boolean store = storeUp.getAsBoolean();
            AmiStatus amiStatus = ami.get();
            boolean ready = store && amiStatus.ready();
            Responses.json(ctx, ready ? 200 : 503, new JsonObject()
                    .put("status", ready ? "UP" : "DOWN")
                    .put("store", store ? "UP" : "DOWN")
                    .put("ami", amiStatus.name())
                    .put("state", state.get()));
        });
    }
}
