package io.callguard.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * A router's failure handler and its 404/405 error handlers, all answering with problems: an {@link HttpException}
 * keeps its status, 413 names the body limit and its config key, any other failure becomes the API's problem for it,
 * and a bare status becomes {@code http-<code>}.
 */
public final class RouterFailures {
    private final BiConsumer<RoutingContext, Problem> writer;
    private final BiFunction<RoutingContext, Throwable, Problem> toProblem;
    private final long maxBodyBytes;
    private final String maxBodyKey;

    private RouterFailures(BiConsumer<RoutingContext, Problem> writer,
                           BiFunction<RoutingContext, Throwable, Problem> toProblem, long maxBodyBytes,
                           String maxBodyKey) {
        this.writer = writer;
        this.toProblem = toProblem;
        this.maxBodyBytes = maxBodyBytes;
        this.maxBodyKey = maxBodyKey;
    }

    /**
     * Installs the handlers; call after mounting the routes.
     *
     * @param writer     writes a problem the way the API does
     * @param toProblem  the API's problem for a failure
     * @param maxBodyKey the config key of {@code maxBodyBytes}, e.g. {@code admin.maxBodyBytes}
     */
    public static void install(Router router, BiConsumer<RoutingContext, Problem> writer,
                               BiFunction<RoutingContext, Throwable, Problem> toProblem, long maxBodyBytes,
                               String maxBodyKey) {
        RouterFailures failures = new RouterFailures(writer, toProblem, maxBodyBytes, maxBodyKey);
        router.route().failureHandler(failures::failed);
        router.errorHandler(404, ctx -> writer.accept(ctx,
                Problem.notFound("no resource at " + ctx.request().method() + " " + ctx.request().path())));
        router.errorHandler(405, ctx -> writer.accept(ctx, Problem.of(405, "method-not-allowed",
                "Method not allowed", ctx.request().method() + " is not supported on " + ctx.request().path())));
    }

    private void failed(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        if (failure instanceof HttpException http) {
            status = http.getStatusCode();
            failure = null;
        }
        if (status == 413) {
            writer.accept(ctx, Problem.of(413, "payload-too-large", "Payload too large",
                    "the body exceeds " + maxBodyBytes + " bytes (" + maxBodyKey + ")"));
        } else if (failure != null) {
            writer.accept(ctx, toProblem.apply(ctx, failure));
        } else {
            int code = status >= 400 ? status : 500;
            writer.accept(ctx, Problem.of(code, "http-" + code, "HTTP " + code,
                    ctx.request().method() + " " + ctx.request().path()));
        }
    }
}
