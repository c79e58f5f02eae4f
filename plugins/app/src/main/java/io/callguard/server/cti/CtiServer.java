package io.callguard.server.cti;

import io.callguard.core.directory.Directory;
import io.callguard.cti.calls.ClickToCallService;
import io.callguard.cti.keys.ApiKeyService;
import io.callguard.cti.ratelimit.RequestRateLimiter;
import io.callguard.cti.sms.SmsService;
import io.callguard.server.admin.StoreWorker;
import io.callguard.server.config.CtiConfig;
import io.callguard.server.http.ControlCharacters;
import io.callguard.server.http.ConnectionLimit;
import io.callguard.server.http.HttpListeners;
import io.callguard.server.http.InvalidRequests;
import io.callguard.server.http.RouterFailures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * The CTI HTTP listener (cti.host:cti.port), separate from the admin API so that clients can reach it while the
 * admin API stays internal. Only /cti/** is served, every route behind {@link CtiAuth}.
 */
final class CtiServer {
    private final Vertx vertx;
    private final CtiConfig config;
    private final Router router;
    private final ConnectionLimit connections;
    private HttpServer server;

    CtiServer(Vertx vertx, CtiConfig config, ApiKeyService keys, RequestRateLimiter limiter, Directory directory,
              SmsService sms, ClickToCallService calls, Clock clock, StoreWorker worker) {
        this.vertx = vertx;
        this.config = config;
        this.router = Router.router(vertx);
        this.connections = new ConnectionLimit("cti", config.maxConnections(), config.maxConnectionsPerAddress());
        CtiAuth auth = new CtiAuth(keys, limiter, directory);
        router.route("/cti/*").handler(auth);
        router.route("/cti/*").handler(ControlCharacters::checkPathAndQuery);
        router.route("/cti/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
        router.route("/cti/*").handler(auth::recheck);
        SmsRoutes.mount(router, sms, clock, worker);
        CallRoutes.mount(router, calls, worker);
        RouterFailures.install(router, CtiResponses::problem, CtiResponses::toProblem, config.maxBodyBytes(),
                "cti.maxBodyBytes");
    }

    /**
     * Binds; completes with the actual port, or fails naming cti.port.
     *
     * @param started false while the service is still starting: every request then gets 503 + Retry-After
     */
    Future<Integer> start(BooleanSupplier started) {
        HttpServer http = vertx.createHttpServer(HttpListeners.options(config.host(), config.port(), config.idleTimeout()));
        HttpListeners.limitConnections(http, connections);
        http.requestHandler(HttpListeners.afterStart(started, router));
        http.invalidRequestHandler(InvalidRequests::answer);
        return http.listen().<Integer>map(s -> {
            server = s;
            return s.actualPort();
        }).recover(e -> Future.failedFuture(HttpListeners.bindFailure("cti.port", config.host(), config.port(), e)));
    }

    ConnectionLimit connections() { return connections; }

    Future<Void> stop() { return server == null ? Future.succeededFuture() : server.close(); }

    /** The routes as mounted (tests check that every route taking a body is covered). */
    Router router() { return router; }
}
