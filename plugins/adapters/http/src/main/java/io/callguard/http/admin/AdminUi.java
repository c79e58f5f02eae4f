package io.callguard.http.admin;

import io.callguard.http.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operations page, {@code /admin/ui/}: a fixed set of files read once from the jar
 * ({@code webroot/admin-ui/}) and served from memory, <b>without</b> the admin token (a browser's navigation cannot
 * send a bearer header; the files hold no data). The page asks for the token in a form, keeps it in a variable of its
 * script and sends it as {@code Authorization: Bearer} to {@code GET /admin/v1/ops/summary}, which is behind the token
 * as every {@code /admin/v1} route. No other path is served (no directory listing, no path from the request reaches a
 * file system). Every answer carries a strict Content-Security-Policy (own origin only, no inline script or style, no
 * framing, no form submission), {@code X-Frame-Options: DENY}, {@code nosniff} and {@code no-referrer}; the files are
 * revalidated by ETag on each load ({@code no-cache}).
 */
final class AdminUi {
    static final String PREFIX = "/admin/ui";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String ROOT = "webroot/admin-ui/";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "ops.css", "text/css; charset=utf-8",
            "ops.js", "text/javascript; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private record File(Buffer content, String type, String etag) { }

    private final Map<String, File> files = new LinkedHashMap<>();

    AdminUi() {
        for (Map.Entry<String, String> e : FILES.entrySet()) {
            byte[] bytes = read(ROOT + e.getKey());
            files.put(e.getKey(), new File(Buffer.buffer(bytes), e.getValue(), "\"" + digest(bytes) + "\""));
        }
    }

    /** Mounts {@code /admin/ui} (redirected to {@code /admin/ui/}) and the files under it, before the token check. */
    void mount(Router router) {
        router.routeWithRegex("^" + PREFIX + "(/.*)?$").handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        securityHeaders(response);
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            Responses.problem(ctx, Problem.of(405, "method-not-allowed", "Method Not Allowed",
                    "the operations page is read with GET"));
            return;
        }
        String path = ctx.normalizedPath();
        if (path.equals(PREFIX)) {
            response.setStatusCode(301).putHeader(HttpHeaders.LOCATION, PREFIX + "/").end();
            return;
        }
        String name = path.substring(PREFIX.length() + 1);
        File file = files.get(name.isEmpty() ? "index.html" : name);
        if (file == null) {
            Responses.problem(ctx, Problem.notFound("no such file of the operations page"));
            return;
        }
        response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").putHeader(HttpHeaders.ETAG, file.etag());
        String known = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
        if (file.etag().equals(known)) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, file.type());
        if (method == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(file.content().length())).end();
        } else {
            response.end(file.content());
        }
    }

    static void securityHeaders(HttpServerResponse response) {
        response.putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin")
                .putHeader("Cross-Origin-Resource-Policy", "same-origin");
    }

    private static byte[] read(String resource) {
        try (InputStream in = AdminUi.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("the operations page's " + resource + " is not in the jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12)
                    .toLowerCase(java.util.Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
