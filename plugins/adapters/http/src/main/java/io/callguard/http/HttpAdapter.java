package io.callguard.http;

import io.callguard.core.directory.Directory;
import io.callguard.core.module.ModuleRoute;
import io.callguard.cti.CtiAccess;
import io.callguard.http.admin.AdminContext;
import io.callguard.http.admin.AdminServer;
import io.callguard.http.cti.CtiServer;
import io.callguard.http.metrics.MetricsOptions;
import io.callguard.http.metrics.MetricsRoute;
import io.callguard.http.metrics.MetricsScrape;
import io.callguard.http.openapi.OpenApiDocument;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The HTTP adapter as the app runs it: the admin listener ({@code admin.*}: /admin/** behind the bearer token with
 * the rule modules' admin routes, /health and /ready open), then, when the cti module offers {@link CtiAccess}, the
 * CTI listener ({@code cti.host}, {@code cti.port}…: the modules' CTI routes behind the clients' API keys). Both
 * answer 503 + Retry-After until the app says its start is over, so that a start failing later (a port clash on
 * another listener) has done nothing for anyone. {@link #stop} closes them in the same order.
 */
public final class HttpAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpAdapter.class);

    private final Vertx vertx;
    private final ListenerOptions adminOptions;
    private final ListenerOptions ctiOptions;
    private final BooleanSupplier started;
    private final Supplier<JsonObject> otherListeners;
    private volatile AdminServer admin;
    /** {@code GET /metrics} on the admin listener, when the app serves metrics. */
    private volatile MetricsRoute metrics;
    /** The CTI listener, when the cti module serves its routes (cti.enabled). */
    private volatile CtiServer cti;
    private volatile int adminPort = -1;
    private volatile int ctiPort = -1;

    /**
     * @param adminOptions   the admin listener's settings ({@code admin.*})
     * @param ctiOptions     the CTI listener's settings ({@code cti.host}, {@code cti.port}…)
     * @param started        false while the service is still starting: every request then gets 503 + Retry-After
     * @param otherListeners the connection counters of the listeners outside this adapter (FastAGI's), keyed by
     *                       listener, for {@code GET /admin/v1/listeners}
     */
    public HttpAdapter(Vertx vertx, ListenerOptions adminOptions, ListenerOptions ctiOptions, BooleanSupplier started,
                       Supplier<JsonObject> otherListeners) {
        this.vertx = vertx;
        this.adminOptions = adminOptions;
        this.ctiOptions = ctiOptions;
        this.started = started;
        this.otherListeners = otherListeners;
    }

    /** Serves {@code GET /metrics} on the admin listener (docs/metrics.md); call before {@link #start}. */
    public void serveMetrics(MetricsOptions options, MetricsScrape scrape) {
        this.metrics = new MetricsRoute(vertx, options, adminOptions.token(), scrape);
    }

    /**
     * Binds the admin listener, then the CTI listener when {@code ctiAccess} is present; fails with a
     * {@link ListenerBindException} naming the key and the port when one cannot bind (the other stays for
     * {@link #stop}).
     *
     * @param context     what the admin API works on (its store worker also runs the CTI routes that block)
     * @param adminRoutes the admin routes the started rule modules contribute
     * @param ctiAccess   the cti module's key check and request limiter; empty: no CTI listener
     * @param ctiRoutes   the CTI routes the started rule modules contribute
     * @param directory   the accounts: a CTI key outliving its account is refused
     */
    public Future<Void> start(AdminContext context, List<ModuleRoute> adminRoutes, Optional<CtiAccess> ctiAccess,
                              List<ModuleRoute> ctiRoutes, Directory directory) {
        // the OpenAPI documents read and merge YAML files: off the event loop
        return vertx.executeBlocking(() -> List.of(OpenApiDocument.build(OpenApiDocument.ADMIN, adminRoutes),
                OpenApiDocument.build(OpenApiDocument.CTI, ctiRoutes)), false).compose(documents -> {
            AdminServer adminServer = new AdminServer(vertx, adminOptions, context, started, this::listenerConnections,
                    adminRoutes, documents.get(0));
            if (metrics != null) adminServer.metrics(metrics);
            admin = adminServer;
            return adminServer.start().map(port -> {
                adminPort = port;
                return documents.get(1);
            });
        }).compose(ctiDocument -> {
            if (ctiAccess.isEmpty()) return Future.succeededFuture(-1);
            CtiServer ctiServer = new CtiServer(vertx, ctiOptions, ctiAccess.get(), directory, ctiRoutes,
                    context.worker(), ctiDocument);
            cti = ctiServer;
            return ctiServer.start(started)
                    .onSuccess(p -> LOG.info("CTI API on http://{}:{}", ctiOptions.host(), p));
        }).map(port -> {
            ctiPort = port;
            return null;
        });
    }

    /** The admin listener's bound port; -1 until it is bound. */
    public int adminPort() { return adminPort; }

    /** The CTI listener's bound port; -1 until it is bound, and without the cti module's access (cti.enabled=false). */
    public int ctiPort() { return ctiPort; }

    /**
     * Each listener's differences between the routes it serves and its OpenAPI document (one message each, saying
     * where to document a route or what to remove), keyed {@code admin} and {@code cti}; empty lists: both exact.
     */
    public java.util.Map<String, List<String>> documentCoverage() {
        java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        AdminServer adminServer = admin;
        if (adminServer != null) out.put("admin", adminServer.documentCoverage());
        CtiServer ctiServer = cti;
        if (ctiServer != null) out.put("cti", ctiServer.documentCoverage());
        return out;
    }

    /**
     * Every listener's connection counters (open, limits, refused): admin, the others given at construction, CTI, as
     * {@code GET /admin/v1/listeners} shows them; readable whatever state the listeners are in.
     */
    public JsonObject listenerConnections() {
        JsonObject out = new JsonObject();
        AdminServer adminServer = admin;
        if (adminServer != null) out.put("admin", ConnectionLimit.json(adminServer.connections()));
        otherListeners.get().forEach(listener -> out.put(listener.getKey(), listener.getValue()));
        CtiServer ctiServer = cti;
        if (ctiServer != null) out.put("cti", ConnectionLimit.json(ctiServer.connections()));
        return out;
    }

    /**
     * Stops accepting and closes the open connections: the admin listener, then the CTI listener. Each step runs even
     * if the first failed (logged); the future always succeeds.
     */
    public Future<Void> stop() {
        return step("admin API", () -> admin == null ? Future.succeededFuture() : admin.stop())
                .compose(v -> step("CTI API", () -> cti == null ? Future.succeededFuture() : cti.stop()));
    }

    private static Future<Void> step(String what, Supplier<Future<Void>> action) {
        Future<Void> f;
        try {
            f = action.get();
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        return f.transform(ar -> {
            if (ar.failed()) LOG.warn("stopping {} failed: {}", what, ar.cause().toString());
            return Future.<Void>succeededFuture();
        });
    }
}
