package io.callguard.redis;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one Redis client of a backend: runs a script by EVALSHA (EVAL when Redis answers NOSCRIPT: a restarted or
 * flushed Redis), each operation bounded by the command timeout on a Vert.x timer, so a Redis that does not answer
 * fails the operation in time and never hangs a decision. Sync callers join with {@link #await}.
 */
final class RedisStateClient {
    /** How long a key outlives its latest expiry, so that the keys of a dead node's calls vanish by themselves. */
    static final long GRACE_MS = 60_000;

    private final Vertx vertx;
    private final Redis redis;
    private final RedisStateOptions options;
    private final long timeoutMs;

    RedisStateClient(Vertx vertx, RedisStateOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.timeoutMs = Math.max(1, options.commandTimeout().toMillis());
        int connectMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, options.commandTimeout().toMillis()));
        this.redis = Redis.createClient(vertx, new RedisOptions()
                .setConnectionString(options.url())
                .setMaxPoolSize(options.maxPoolSize())
                .setMaxPoolWaiting(options.maxPoolWaiting())
                .setNetClientOptions(new NetClientOptions().setConnectTimeout(connectMs).setTcpNoDelay(true)));
    }

    String namespace() { return options.namespace(); }

    /**
     * SCRIPT LOAD of every script, not awaited: the first decisions then find them cached instead of paying a NOSCRIPT
     * and an EVAL of the whole text. A failure here (Redis not up yet) costs nothing: EVALSHA falls back to EVAL.
     */
    void preload() {
        for (RedisScript script : RedisScript.all()) {
            redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script.text()));
        }
    }

    /** One plain command (a read), bounded by the command timeout like a script. */
    CompletionStage<Response> send(Command command, String... args) {
        Request r = Request.cmd(command);
        for (String a : args) r.arg(a);
        return bounded(command.toString(), redis.send(r));
    }

    /** Runs {@code script} with {@code args} after the namespace (ARGV[1]); fails after the command timeout. */
    CompletionStage<Response> eval(RedisScript script, Object... args) {
        return bounded(script.name(), redis.send(request(Command.EVALSHA, script.sha(), args))
                .recover(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
                        ? redis.send(request(Command.EVAL, script.text(), args))
                        : Future.failedFuture(e)));
    }

    /** {@code work}'s outcome, or a failure once the command timeout passes (a Vert.x timer: no thread waits). */
    private CompletionStage<Response> bounded(String what, Future<Response> work) {
        Promise<Response> promise = Promise.promise();
        long timer = vertx.setTimer(timeoutMs, id -> promise.tryFail(new RedisStateException(
                "Redis at " + options.redactedUrl() + " did not answer " + what + " within " + timeoutMs + " ms")));
        work.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) promise.tryComplete(ar.result());
            else promise.tryFail(new RedisStateException(what + " failed on Redis at " + options.redactedUrl() + ": "
                    + ar.cause().getMessage(), ar.cause()));
        });
        return promise.future().toCompletionStage();
    }

    private Request request(Command command, String scriptOrSha, Object[] args) {
        Request r = Request.cmd(command).arg(scriptOrSha).arg(0).arg(options.namespace());
        for (Object a : args) r.arg(String.valueOf(a));
        return r;
    }

    /** Blocks for {@code stage} (off the event loop only): its result, or its failure unwrapped. */
    <T> T await(CompletionStage<T> stage) {
        try {
            // the stage fails by itself at the command timeout; the margin only covers a stalled timer
            return stage.toCompletableFuture().get(timeoutMs + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new RedisStateException("Redis operation failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new RedisStateException("Redis at " + options.redactedUrl() + " did not answer within " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisStateException("interrupted while waiting for Redis", e);
        }
    }

    /** A validation done before any round trip, as a failed stage (the async contract: never throw). */
    static <T> CompletionStage<T> failed(RuntimeException e) { return CompletableFuture.failedFuture(e); }

    static long ms(Instant t) { return t.toEpochMilli(); }

    Duration timeout() { return options.commandTimeout(); }

    Future<Void> close() {
        redis.close();
        return Future.succeededFuture();
    }
}
