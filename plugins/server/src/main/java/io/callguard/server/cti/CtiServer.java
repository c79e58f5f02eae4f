package io.callguard.server.cti;

import io.callguard.core.directory.Directory;
import io.callguard.cti.calls.ClickToCallService;
import io.callguard.cti.keys.ApiKeyService;
import io.callguard.cti.ratelimit.RequestRateLimiter;
import io.callguard.cti.sms.SmsService;
import io.callguard.server.admin.Problem;
import io.callguard.server.admin.StoreWorker;
import io.callguard.server.config.CtiConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;

import java.time.Clock;

/**
 * The CTI HTTP listener (cti.host:cti.port), separate from the admin API so that clients can reach it while the
 * admin API stays internal. Only /cti/** is served, every route behind {@link CtiAuth}.
 */
final class CtiServer {
    private final Vertx vertx;
    private final CtiConfig config;
    private final Router router;
    private HttpServer server;

    CtiServer(Vertx vertx, CtiConfig config, ApiKeyService keys, RequestRateLimiter limiter, Directory directory,
              SmsService sms, ClickToCallService calls, Clock clock, StoreWorker worker) {
        this.vertx = vertx;
        this.config = config;
        this.router = Router.router(vertx);
        router.route("/cti/*").handler(new CtiAuth(keys, limiter, directory));
        router.route("/cti/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
        SmsRoutes.mount(router, sms, clock, worker);
        CallRoutes.mount(router, calls, worker);
        router.route().failureHandler(this::failed);
        router.errorHandler(404, ctx -> CtiResponses.problem(ctx,
                Problem.notFound("no resource at " + ctx.request().method() + " " + ctx.request().path())));
        router.errorHandler(405, ctx -> CtiResponses.problem(ctx, Problem.of(405, "method-not-allowed",
                "Method not allowed", ctx.request().method() + " is not supported on " + ctx.request().path())));
    }

    /** Binds; completes with the actual port. */
    Future<Integer> start() {
        HttpServer http = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port())
                .setMaxInitialLineLength(4096).setMaxHeaderSize(16 * 1024));
        http.requestHandler(router);
        return http.listen().map(s -> {
            server = s;
            return s.actualPort();
        });
    }

    Future<Void> stop() { return server == null ? Future.succeededFuture() : server.close(); }

    private void failed(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        if (failure instanceof HttpException http) {
            status = http.getStatusCode();
            failure = null;
        }
        if (status == 413) {
            CtiResponses.problem(ctx, Problem.of(413, "payload-too-large", "Payload too large",
                    "the body exceeds " + config.maxBodyBytes() + " bytes (cti.maxBodyBytes)"));
        } else if (failure != null) {
            CtiResponses.problem(ctx, CtiResponses.toProblem(ctx, failure));
        } else {
            int code = status >= 400 ? status : 500;
            CtiResponses.problem(ctx, Problem.of(code, "http-" + code, "HTTP " + code,
                    ctx.request().method() + " " + ctx.request().path()));
        }
    }
}
