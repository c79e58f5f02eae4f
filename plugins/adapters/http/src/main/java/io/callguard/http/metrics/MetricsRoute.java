package io.callguard.http.metrics;

import io.callguard.core.net.AddressRanges;
import io.callguard.http.Problem;
import io.callguard.http.ProblemResponses;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code GET /metrics}: the registry's Prometheus text, for a request from an address of {@code metrics.allowFrom},
 * or carrying {@code Authorization: Bearer} with {@code metrics.token} or the admin token (hashed, compared in constant
 * time, never logged); anything else gets the admin API's 401 problem. The scrape (formatting every meter, CPU only)
 * runs on a worker thread, not on the event loop.
 */
public final class MetricsRoute implements Handler<RoutingContext> {
    public static final String PATH = "/metrics";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsRoute.class);
    private static final String SCHEME = "bearer ";

    private final Vertx vertx;
    private final MetricsScrape scrape;
    private final AddressRanges allowFrom;
    private final byte[] metricsDigest;
    private final byte[] adminDigest;

    /** @param adminToken the admin listener's token, also accepted here */
    public MetricsRoute(Vertx vertx, MetricsOptions options, String adminToken, MetricsScrape scrape) {
        this.vertx = vertx;
        this.scrape = scrape;
        this.allowFrom = options.allowFrom();
        this.metricsDigest = options.token().isEmpty() ? null : sha256(options.token());
        this.adminDigest = sha256(adminToken);
    }

    @Override public void handle(RoutingContext ctx) {
        if (!allowed(ctx)) {
            ProblemResponses.problem(ctx, Problem.of(401, "unauthorized", "Unauthorized",
                    "GET /metrics needs an Authorization: Bearer <metrics token> header, or a source address in "
                            + MetricsOptions.ALLOW_FROM), "callguard", null);
            return;
        }
        vertx.<String>executeBlocking(scrape::scrape, false).onComplete(ar -> {
            HttpServerResponse response = ctx.response();
            if (response.ended() || response.closed()) return;
            if (ar.failed()) {
                LOG.warn("GET /metrics: the scrape failed", ar.cause());
                ctx.fail(ar.cause());
                return;
            }
            response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, MetricsScrape.CONTENT_TYPE)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(ar.result());
        });
    }

    private boolean allowed(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.length() > SCHEME.length() && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            byte[] given = sha256(header.substring(SCHEME.length()).trim());
            // both compared, whichever matches: the time does not tell which token was tried
            boolean metrics = metricsDigest != null && MessageDigest.isEqual(metricsDigest, given);
            boolean admin = MessageDigest.isEqual(adminDigest, given);
            if (metrics | admin) return true;
        }
        SocketAddress remote = ctx.request().remoteAddress();
        return remote != null && allowFrom.contains(remote.hostAddress());
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
