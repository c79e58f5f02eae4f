package io.callguard.http.cti;

import io.callguard.core.directory.Directory;
import io.callguard.cti.CtiAccess;
import io.callguard.cti.keys.ApiKeyPrincipal;
import io.callguard.cti.keys.ApiKeyService;
import io.callguard.cti.ratelimit.RequestDecision;
import io.callguard.cti.ratelimit.RequestRateLimiter;
import io.callguard.http.Problem;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * Every /cti request: {@code Authorization: Bearer <client API key>} checked from memory
 * ({@link ApiKeyService#authenticate}; 401 otherwise, the admin token included), the key's account still known,
 * then one token of the key's request bucket (429 with Retry-After otherwise). The principal goes into the context
 * for the routes. The key is never logged.
 *
 * <p>{@link #recheck} runs again once the body has arrived, right before a route acts: a key revoked or whose account
 * was deleted while the request was being read ({@link ApiKeyService#stillValid}) is refused then too.
 */
final class CtiAuth implements Handler<RoutingContext> {
    static final String PRINCIPAL = "callguard.cti.principal";
    private static final String SCHEME = "bearer ";

    private final ApiKeyService keys;
    private final RequestRateLimiter limiter;
    private final Directory directory;

    /** @param access the CTI module's key check and per-key request limiter */
    CtiAuth(CtiAccess access, Directory directory) {
        this.keys = access.keys();
        this.limiter = access.limiter();
        this.directory = directory;
    }

    @Override public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= SCHEME.length()
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            CtiResponses.problem(ctx, Problem.of(401, "unauthorized", "Unauthorized",
                    "an Authorization: Bearer <API key> header is required"));
            return;
        }
        Optional<ApiKeyPrincipal> principal = keys.authenticate(header.substring(SCHEME.length()).trim())
                // a key outliving its account (deleted on another node) must not act for it
                .filter(p -> directory.account(p.accountId()).isPresent());
        if (principal.isEmpty()) {
            CtiResponses.problem(ctx, Problem.of(401, "unauthorized", "Unauthorized",
                    "the API key is not valid (unknown or revoked)"));
            return;
        }
        RequestDecision d = limiter.tryAcquire(principal.get().keyId());
        if (!d.allowed()) {
            ctx.response().putHeader("Retry-After", Long.toString(d.retryAfterSeconds()));
            CtiResponses.problem(ctx, Problem.of(429, "too-many-requests", "Too many requests",
                    "at most " + limiter.settings().requestsPerSecond() + " requests per second per API key (burst "
                            + limiter.settings().burst() + "); retry in " + d.retryAfterSeconds() + " s"),
                    new JsonObject().put("retryAfterSeconds", d.retryAfterSeconds()));
            return;
        }
        ctx.put(PRINCIPAL, principal.get());
        ctx.next();
    }

    /** The second check, after the body handler: the principal's key must still be in the cache and unrevoked. */
    void recheck(RoutingContext ctx) {
        ApiKeyPrincipal p = principal(ctx);
        if (p == null || !keys.stillValid(p) || directory.account(p.accountId()).isEmpty()) {
            CtiResponses.problem(ctx, Problem.of(401, "unauthorized", "Unauthorized",
                    "the API key is not valid (unknown or revoked)"));
            return;
        }
        ctx.next();
    }

    static ApiKeyPrincipal principal(RoutingContext ctx) { return ctx.get(PRINCIPAL); }
}
