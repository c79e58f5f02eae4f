package io.callguard.http.cti;

import io.callguard.core.directory.Directory;
import io.callguard.core.module.ModuleRoute;
import io.callguard.cti.CtiAccess;
import io.callguard.http.ConnectionLimit;
import io.callguard.http.ControlCharacters;
import io.callguard.http.HttpListeners;
import io.callguard.http.InvalidRequests;
import io.callguard.http.ListenerOptions;
import io.callguard.http.RouterFailures;
import io.callguard.http.StoreWorker;
import io.callguard.http.ProblemResponses;
import io.callguard.http.openapi.OpenApiDocument;
import io.callguard.http.openapi.RouteCoverage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The CTI HTTP listener (cti.host:cti.port), separate from the admin API so that clients can reach it while the
 * admin API stays internal. Only /cti/** is served, every route behind {@link CtiAuth}: the routes the rule modules
 * contribute (the cti module's SMS and click-to-call).
 */
public final class CtiServer {
    private final Vertx vertx;
    private final ListenerOptions config;
    private final Router router;
    private final ConnectionLimit connections;
    private final OpenApiDocument document;
    private final List<ModuleRoute> routes;
    private HttpServer server;

    /**
     * @param access what authenticates a request (the cti module offers it with cti.enabled)
     * @param routes the modules' CTI routes
     * @param worker the store's worker pool (the routes that block run there), and what the store's failures mean
     */
    public CtiServer(Vertx vertx, ListenerOptions config, CtiAccess access, Directory directory, List<ModuleRoute> routes,
                     StoreWorker worker) {
        this(vertx, config, access, directory, routes, worker, OpenApiDocument.build(OpenApiDocument.CTI, routes));
    }

    /** @param document the API's OpenAPI document over {@code routes} (built off the event loop: it reads files) */
    public CtiServer(Vertx vertx, ListenerOptions config, CtiAccess access, Directory directory, List<ModuleRoute> routes,
                     StoreWorker worker, OpenApiDocument document) {
        this.vertx = vertx;
        this.config = config;
        this.router = Router.router(vertx);
        this.connections = new ConnectionLimit("cti", config.maxConnections(), config.maxConnectionsPerAddress());
        this.routes = List.copyOf(routes);
        this.document = document;
        CtiAuth auth = new CtiAuth(access, directory);
        // the API's contract, before the key check: client generators fetch it, and it holds no secret
        String contract = document.encoded();
        router.get(OpenApiDocument.servedAt(OpenApiDocument.CTI)).handler(ctx -> ProblemResponses.json(ctx, 200, contract));
        router.route("/cti/*").handler(auth);
        router.route("/cti/*").handler(ControlCharacters::checkPathAndQuery);
        router.route("/cti/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
        router.route("/cti/*").handler(auth::recheck);
        CtiRoutes.mount(router, routes, worker);
        RouterFailures.install(router, CtiResponses::problem,
                (ctx, failure) -> CtiResponses.toProblem(ctx, failure, worker.failures()), config.maxBodyBytes(),
                "cti.maxBodyBytes");
    }

    /**
     * Binds; completes with the actual port, or fails naming cti.port.
     *
     * @param started false while the service is still starting: every request then gets 503 + Retry-After
     */
    public Future<Integer> start(BooleanSupplier started) {
        HttpServer http = vertx.createHttpServer(HttpListeners.options(config.host(), config.port(), config.idleTimeout()));
        HttpListeners.limitConnections(http, connections);
        http.requestHandler(HttpListeners.afterStart(started, router));
        http.invalidRequestHandler(InvalidRequests::answer);
        return http.listen().<Integer>map(s -> {
            server = s;
            return s.actualPort();
        }).recover(e -> Future.failedFuture(HttpListeners.bindFailure("cti.port", config.host(), config.port(), e)));
    }

    public ConnectionLimit connections() { return connections; }

    public Future<Void> stop() { return server == null ? Future.succeededFuture() : server.close(); }

    /** The API's OpenAPI document, as {@code GET /cti/v1/openapi.json} serves it. */
    public OpenApiDocument document() { return document; }

    /** The differences between the routes served and the OpenAPI document ({@link RouteCoverage}); empty: exact. */
    public List<String> documentCoverage() { return RouteCoverage.check(router, document, routes); }

    /** The routes as mounted (tests check that every route taking a body is covered). */
    public Router router() { return router; }
}
