package io.callguard.http.admin;

import io.callguard.http.Problem;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Requires {@code Authorization: Bearer <admin.token>}. Both sides are hashed before a constant-time compare, so
 * neither the content nor the length of the token leaks through timing. The token is never logged.
 */
final class BearerAuth implements Handler<RoutingContext> {
    private static final String SCHEME = "bearer ";
    private final byte[] expectedDigest;

    BearerAuth(String token) { this.expectedDigest = sha256(token); }

    @Override public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            Responses.problem(ctx, Problem.of(401, "unauthorized", "Unauthorized",
                    "an Authorization: Bearer <admin token> header is required"));
            return;
        }
        String given = header.substring(SCHEME.length()).trim();
        if (!MessageDigest.isEqual(expectedDigest, sha256(given))) {
            Responses.problem(ctx, Problem.of(401, "unauthorized", "Unauthorized", "the bearer token is not valid"));
            return;
        }
        ctx.next();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
