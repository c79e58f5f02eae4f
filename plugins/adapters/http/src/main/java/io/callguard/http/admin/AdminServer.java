package io.callguard.http.admin;

import io.callguard.core.module.ModuleRoute;
import io.callguard.http.ConnectionLimit;
import io.callguard.http.ControlCharacters;
import io.callguard.http.HttpListeners;
import io.callguard.http.InvalidRequests;
import io.callguard.http.ListenerOptions;
import io.callguard.http.ProblemResponses;
import io.callguard.http.RouterFailures;
import io.callguard.http.metrics.MetricsRoute;
import io.callguard.http.openapi.OpenApiDocument;
import io.callguard.http.openapi.RouteCoverage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The admin HTTP server: /admin/** behind the bearer token (but the operations page's files, /admin/ui/, {@link AdminUi}),
 * /health and /ready open. Handlers stay thin:
 * validation lives in the rule modules' routes (the directory's accounts, trunks and numbers, the
 * suspensions, ...: {@link ModuleRoutes}) and here in the remaining routes, JSON shapes in {@link ApiJson}, store work
 * on the "callguard-store" worker pool. Writes record who made them from the
 * {@code X-Callguard-Actor} header ({@link Actor}) in the audit trail. At most {@code admin.maxConnections}
 * connections ({@code admin.maxConnectionsPerAddress} from one address) are held open.
 */
public final class AdminServer {
    private final Vertx vertx;
    private final ListenerOptions config;
    private final AdminContext context;
    private final BooleanSupplier started;
    private final Supplier<JsonObject> otherListeners;
    private final List<ModuleRoute> moduleRoutes;
    private final ConnectionLimit connections;
    private final StoreProbe storeProbe;
    /** {@code GET /metrics}, when metrics are on (docs/metrics.md); null otherwise. */
    private volatile MetricsRoute metrics;
    private final AdminUi ui = new AdminUi();
    private final OpenApiDocument document;
    private volatile Router served;
    private HttpServer server;

    /**
     * @param started        false while the service is still starting: every request then gets 503 + Retry-After
     * @param otherListeners the other listeners' connection counters, for {@code GET /admin/v1/listeners}
     * @param moduleRoutes   the routes the started rule modules contribute, mounted with the built-in ones
     */
    public AdminServer(Vertx vertx, ListenerOptions config, AdminContext context, BooleanSupplier started,
                       Supplier<JsonObject> otherListeners, List<ModuleRoute> moduleRoutes) {
        this(vertx, config, context, started, otherListeners, moduleRoutes,
                OpenApiDocument.build(OpenApiDocument.ADMIN, moduleRoutes));
    }

    /** @param document the API's OpenAPI document over {@code moduleRoutes} (built off the event loop: it reads files) */
    public AdminServer(Vertx vertx, ListenerOptions config, AdminContext context, BooleanSupplier started,
                       Supplier<JsonObject> otherListeners, List<ModuleRoute> moduleRoutes, OpenApiDocument document) {
        this.vertx = vertx;
        this.config = config;
        this.context = context;
        this.started = started;
        this.otherListeners = otherListeners;
        this.moduleRoutes = List.copyOf(moduleRoutes);
        this.connections = new ConnectionLimit("admin", config.maxConnections(), config.maxConnectionsPerAddress());
        this.storeProbe = new StoreProbe(vertx, context.store());
        this.document = document;
    }

    /** Serves {@code GET /metrics} with this route (its own authentication); call before {@link #start()}. */
    public AdminServer metrics(MetricsRoute route) {
        this.metrics = route;
        return this;
    }

    /** Binds admin.host:admin.port; completes with the actual port, or fails naming admin.port. */
    public Future<Integer> start() {
        HttpServer http = vertx.createHttpServer(HttpListeners.options(config.host(), config.port(), config.idleTimeout()));
        HttpListeners.limitConnections(http, connections);
        Router router = router();
        served = router;
        http.requestHandler(HttpListeners.afterStart(started, router));
        http.invalidRequestHandler(InvalidRequests::answer);
        return http.listen().<Integer>map(s -> {
            server = s;
            storeProbe.start();
            return s.actualPort();
        }).recover(e -> Future.failedFuture(HttpListeners.bindFailure("admin.port", config.host(), config.port(), e)));
    }

    /** Stops accepting and closes the open connections. */
    public Future<Void> stop() {
        storeProbe.stop();
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The admin listener's connection counters. */
    public ConnectionLimit connections() { return connections; }

    /**
     * The API's OpenAPI document, as {@code GET /admin/v1/openapi.json} serves it: {@code GET /metrics} (in the
     * adapter's admin.yaml) only when metrics are on.
     */
    public OpenApiDocument document() {
        return metrics == null ? document.without(List.of("GET " + MetricsRoute.PATH)) : document;
    }

    /**
     * The differences between the routes served (once started; else those {@link #router()} mounts) and the OpenAPI
     * document, one message each ({@link RouteCoverage}); empty when the document is exact.
     */
    public java.util.List<String> documentCoverage() {
        Router router = served;
        return RouteCoverage.check(router == null ? router() : router, document(), moduleRoutes);
    }

    /** The routes as mounted, on a new router (tests list the routes taking a body; nothing is served). */
    public Router router() {
        Router router = Router.router(vertx);
        // the API's contract, open like /health: client generators fetch it, and it holds no secret
        String contract = document().encoded();
        router.get(OpenApiDocument.servedAt(OpenApiDocument.ADMIN)).handler(ctx -> ProblemResponses.json(ctx, 200, contract));
        MetricsRoute metricsRoute = metrics;
        if (metricsRoute != null) router.get(MetricsRoute.PATH).handler(metricsRoute);
        // the operations page's files, before the token check: a browser's navigation sends no bearer header
        ui.mount(router);
        // admin answers are the operator's data: never kept by a browser or a proxy
        router.route("/admin/*").handler(ctx -> {
            ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            ctx.next();
        });
        router.route("/admin/*").handler(new BearerAuth(config.token()));
        router.route("/admin/*").handler(ControlCharacters::checkPathAndQuery);
        // no file uploads: BodyHandler would otherwise create a file-uploads directory
        router.route("/admin/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));

        AuditRoutes.mount(router, context.audit(), context.worker());
        List<ModuleRoute> routes = new ArrayList<>(moduleRoutes);
        routes.add(OpsSummaryRoute.of(context.tracker(), storeProbe::up, context.ami(), context.ops()));
        ModuleRoutes.mount(router, routes, context.worker());
        router.get("/admin/v1/calls").handler(ctx ->
                Responses.json(ctx, 200, ApiJson.array(context.tracker().list(), ApiJson::call)));
        router.get("/admin/v1/listeners").handler(ctx -> Responses.json(ctx, 200,
                otherListeners.get().copy().put("admin", ConnectionLimit.json(connections))));
        HealthRoutes.mount(router, storeProbe::up, context.ami(), context.state());

        RouterFailures.install(router, Responses::problem,
                (ctx, failure) -> Responses.toProblem(ctx, failure, context.worker().failures()), config.maxBodyBytes(),
                "admin.maxBodyBytes");
        return router;
    }
}
