package io.callguard.server.admin;

import io.callguard.server.config.AdminConfig;
import io.callguard.server.http.ControlCharacters;
import io.callguard.server.http.HttpListeners;
import io.callguard.server.http.InvalidRequests;
import io.callguard.server.http.RouterFailures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The admin HTTP server: /admin/** behind the bearer token, /health and /ready open. Handlers stay thin:
 * validation lives in the *Validator classes, JSON shapes in {@link ApiJson}, store work in {@link DirectoryService}
 * and the suspension service on the "callguard-store" worker pool. Writes record who made them from the
 * {@code X-Callguard-Actor} header ({@link Actor}) in the audit trail.
 */
public final class AdminServer {
    private final Vertx vertx;
    private final AdminConfig config;
    private final AdminContext context;
    private HttpServer server;

    public AdminServer(Vertx vertx, AdminConfig config, AdminContext context) {
        this.vertx = vertx;
        this.config = config;
        this.context = context;
    }

    /** Binds admin.host:admin.port; completes with the actual port. */
    public Future<Integer> start() {
        HttpServer http = vertx.createHttpServer(HttpListeners.options(config.host(), config.port(), config.idleTimeout()));
        http.requestHandler(router());
        http.invalidRequestHandler(InvalidRequests::answer);
        return http.listen().map(s -> {
            server = s;
            return s.actualPort();
        });
    }

    /** Stops accepting and closes the open connections. */
    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    Router router() {
        Router router = Router.router(vertx);
        router.route("/admin/*").handler(new BearerAuth(config.token()));
        router.route("/admin/*").handler(ControlCharacters::checkPathAndQuery);
        // no file uploads: BodyHandler would otherwise create a file-uploads directory
        router.route("/admin/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));

        DirectoryService service = new DirectoryService(context.store(), context.directory(), context.audit(),
                context.suspensions().book(), context.apiKeys(), context.clock(), context.trunkRemoved());
        AccountRoutes.mount(router, service, context.worker());
        TrunkRoutes.mount(router, service, context.worker());
        NumberRoutes.mount(router, service, new NumberValidator(context.plan(), context.clock()), context.worker());
        TariffRoutes.mount(router, context.directory(), context.worker());
        SuspensionRoutes.mount(router, context.suspensions(), context.directory(), context.clock(), context.worker());
        AuditRoutes.mount(router, context.audit(), context.worker());
        ApiKeyRoutes.mount(router, context.apiKeys(), context.directory(), context.audit(), context.clock(),
                context.worker());
        UsageRoutes.mount(router, context.usage());
        router.get("/admin/v1/calls").handler(ctx ->
                Responses.json(ctx, 200, ApiJson.array(context.tracker().list(), ApiJson::call)));
        HealthRoutes.mount(router, context.store(), context.worker(), context.ami());

        RouterFailures.install(router, Responses::problem, Responses::toProblem, config.maxBodyBytes(),
                "admin.maxBodyBytes");
        return router;
    }
}
