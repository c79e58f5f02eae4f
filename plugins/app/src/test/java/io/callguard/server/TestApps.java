package io.callguard.server;

import io.callguard.core.time.MutableClock;
import io.callguard.server.config.Config;
import io.callguard.server.config.ConfigLoader;
import io.vertx.core.Future;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts a real callguard on ephemeral ports with an H2 file in a temporary directory. */
public final class TestApps {
    public static final String TOKEN = "test-admin-token-0123456789";
    public static final Instant T0 = Instant.parse("2025-01-06T09:00:00Z");

    private TestApps() { }

    /** Config with admin and FastAGI on port 0, the store under {@code dir}, plus {@code extraEnv}. */
    public static Config config(Path dir, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("CALLGUARD_ADMIN_TOKEN", TOKEN);
        env.put("CALLGUARD_ADMIN_PORT", "0");
        env.put("CALLGUARD_ADMIN_MAX_BODY_BYTES", "1024");
        env.put("CALLGUARD_FASTAGI_PORT", "0");
        env.put("CALLGUARD_CTI_PORT", "0");
        env.put("CALLGUARD_AMI_ENABLED", "false");
        env.put("CALLGUARD_STORE_JDBC_URL", "jdbc:h2:file:" + dir.resolve("callguard").toAbsolutePath());
        // the record chain's key and spill file beside the test's store, not in the module's working directory
        env.put("CALLGUARD_RECORDS_SIGNING_KEY_FILE", dir.resolve("records-signing-key.pem").toAbsolutePath().toString());
        env.put("CALLGUARD_RECORDS_SPILL_DIR", dir.resolve("records-spill").toAbsolutePath().toString());
        env.put("CALLGUARD_SHUTDOWN_DRAIN_TIMEOUT", "0s");
        env.putAll(extraEnv);
        return ConfigLoader.load(java.util.Optional.empty(), env);
    }

    public static CallguardApp start(Config config) {
        return start(config, new MutableClock(T0));
    }

    /** Starts on {@code clock}, which the test advances (a restart test hands the same clock to the second app). */
    public static CallguardApp start(Config config, MutableClock clock) {
        return await(CallguardApp.start(config, clock));
    }

    public static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits (bounded) until {@code condition} holds: checked every 10 ms from a Vert.x timer, on a worker thread (a
     * condition may call the HTTP API and block); the test thread never sleeps. Fails naming {@code what}.
     */
    public static void until(io.vertx.core.Vertx vertx, String what, java.time.Duration timeout,
                             java.util.function.BooleanSupplier condition) {
        io.vertx.core.Promise<Void> met = io.vertx.core.Promise.promise();
        long timer = vertx.setPeriodic(10, id -> vertx.executeBlocking(() -> {
            if (condition.getAsBoolean()) met.tryComplete();
            return null;
        }, false));
        try {
            met.future().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            vertx.cancelTimer(timer);
        }
    }
}
