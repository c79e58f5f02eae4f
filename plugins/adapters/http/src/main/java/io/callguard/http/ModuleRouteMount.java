package io.callguard.http;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.StreamedBody;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;

/**
 * Mounts the routes the rule modules contribute on an API's router, the same way for the admin and the CTI APIs:
 * the handler runs on the store worker when it blocks, inline otherwise, and its answer (or failure) is written as
 * the API's JSON or problem. Each API brings only what differs: its view of a request and how it writes problems.
 */
public final class ModuleRouteMount {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleRouteMount.class);

    private ModuleRouteMount() { }

    /** How an API writes a problem, {@code extra}'s members (may be null) at the top level of the body. */
    @FunctionalInterface
    public interface ProblemWriter {
        /** Writes {@code problem} as the answer to {@code ctx}. */
        void write(RoutingContext ctx, Problem problem, JsonObject extra);
    }

    /**
     * Mounts every route of {@code routes} on {@code router}.
     *
     * @param requests  the request a route's handler sees, made from the Vert.x one and the route
     * @param problems  how the API writes a problem
     * @param toProblem the problem a handler's failure means on this API
     */
    public static void mount(Router router, List<ModuleRoute> routes, StoreWorker worker,
                             BiFunction<RoutingContext, ModuleRoute, RouteRequest> requests, ProblemWriter problems,
                             BiFunction<RoutingContext, Throwable, Problem> toProblem) {
        for (ModuleRoute route : routes) {
            router.route(HttpMethod.valueOf(route.method().name()), vertxPath(route.path())).handler(ctx -> {
                RouteRequest request = requests.apply(ctx, route);
                ModuleAnswers.answer(route, request, worker::run).onComplete(ar -> {
                    if (ar.succeeded() && ar.result().isStreamed()) stream(ctx, ar.result(), worker, problems, toProblem);
                    else if (ar.succeeded()) write(ctx, ar.result(), problems);
                    else {
                        Throwable failure = ModuleAnswers.unwrap(ar.cause());
                        problems.write(ctx, failure instanceof RouteResponse.InvalidFields invalid
                                ? ModuleAnswers.validation(invalid) : toProblem.apply(ctx, failure), null);
                    }
                });
            });
        }
    }

    /** {@code /trunks/{trunkId}/usage} → {@code /trunks/:trunkId/usage}. */
    public static String vertxPath(String path) { return path.replaceAll("\\{([A-Za-z][A-Za-z0-9]*)}", ":$1"); }

    private static void write(RoutingContext ctx, RouteResponse response, ProblemWriter problems) {
        response.headers().forEach((name, value) -> ctx.response().putHeader(name, value));
        if (response.problem()) {
            problems.write(ctx, ModuleAnswers.problem(response), ModuleAnswers.members(response));
        } else if (response.body() == null) {
            if (!ctx.response().ended()) ctx.response().setStatusCode(response.status()).end();
        } else {
            Object body = ModuleAnswers.json(response.body());
            ProblemResponses.json(ctx, response.status(), body instanceof JsonObject o ? o.encode()
                    : ((JsonArray) body).encode());
        }
    }

    /**
     * A {@link StreamedBody}: the status and headers, then the pieces as HTTP chunks, produced on the store worker
     * (the producer reads the store) at the pace the client reads. A failure before the first piece is answered as
     * a problem; after it, the connection is reset so that the client cannot take a truncated body for a whole one.
     */
    private static void stream(RoutingContext ctx, RouteResponse response, StoreWorker worker, ProblemWriter problems,
                               BiFunction<RoutingContext, Throwable, Problem> toProblem) {
        StreamedBody body = (StreamedBody) response.body();
        HttpServerResponse http = ctx.response();
        response.headers().forEach(http::putHeader);
        http.setStatusCode(response.status()).setChunked(true).putHeader("Content-Type", body.contentType());
        ChunkSink sink = new ChunkSink(http, Vertx.currentContext());
        http.closeHandler(v -> sink.gone());
        worker.run(() -> {
            body.writeTo(sink);
            return null;
        }).onComplete(ar -> {
            if (ar.succeeded()) {
                if (!http.closed() && !http.ended()) http.end();
            } else if (!http.headWritten()) {
                problems.write(ctx, ar.cause() instanceof RouteResponse.InvalidFields invalid
                        ? ModuleAnswers.validation(invalid) : toProblem.apply(ctx, ar.cause()), null);
            } else if (!http.closed() && !http.ended()) {
                LOG.warn("{} {}: the streamed body failed after its first piece, connection reset: {}",
                        ctx.request().method(), ctx.request().path(), ar.cause().toString());
                http.reset();
            }
        });
    }

    /**
     * Hands the producer's pieces to the response on its event loop and makes the producer wait while the response's
     * write queue is full (until drained): constant memory whatever the body's size and the client's pace.
     */
    private static final class ChunkSink implements StreamedBody.Sink {
        private final HttpServerResponse http;
        private final Context context;
        private CompletableFuture<Void> pending;
        private boolean gone;

        ChunkSink(HttpServerResponse http, Context context) {
            this.http = http;
            this.context = context;
        }

        @Override
        public void write(String text) throws IOException {
            CompletableFuture<Void> ready = new CompletableFuture<>();
            synchronized (this) {
                if (gone) throw new IOException("the client went away");
                pending = ready;
            }
            context.runOnContext(v -> {
                if (http.closed()) {
                    ready.completeExceptionally(new IOException("the client went away"));
                    return;
                }
                http.write(Buffer.buffer(text));
                if (http.writeQueueFull()) http.drainHandler(drained -> ready.complete(null));
                else ready.complete(null);
            });
            try {
                ready.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the client read");
            }
        }

        /** The connection closed: the producer stops at its next piece (or now, when it waits for a drain). */
        synchronized void gone() {
            gone = true;
            if (pending != null) pending.completeExceptionally(new IOException("the client went away"));
        }
    }

    /**
     * The Vert.x request as a module sees it; an API's subclass adds what it knows of the caller (account, key,
     * actor).
     */
    public abstract static class VertxRequest implements RouteRequest {
        /** The Vert.x request. */
        protected final RoutingContext ctx;
        private final boolean takesBody;

        /** @param takesBody whether the route reads a body (else {@link #body()} is empty) */
        protected VertxRequest(RoutingContext ctx, boolean takesBody) {
            this.ctx = ctx;
            this.takesBody = takesBody;
        }

        @Override public String pathParam(String name) { return ctx.pathParam(name); }

        @Override
        public Optional<String> query(String name) { return Optional.ofNullable(ctx.request().getParam(name)); }

        @Override
        public Optional<String> header(String name) { return Optional.ofNullable(ctx.request().getHeader(name)); }

        @Override public List<String> queries(String name) { return ctx.queryParam(name); }

        @Override
        public Map<String, Object> jsonObject(Set<String> freeTextFields) {
            return JsonBodies.object(ctx, freeTextFields).getMap();
        }

        @Override
        public String body() {
            if (!takesBody) return "";
            RequestBody body = ctx.body();
            String text = body == null ? null : body.asString();
            return text == null ? "" : text;
        }
    }
}
