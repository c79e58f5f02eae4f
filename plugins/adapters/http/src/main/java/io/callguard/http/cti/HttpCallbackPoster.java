package io.callguard.http.cti;

import io.callguard.cti.callback.CallbackAddresses;
import io.callguard.cti.callback.CallbackRefusedException;
import io.callguard.cti.callback.CallbackSettings;
import io.callguard.cti.callback.HttpPoster;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Status callbacks POSTed with the Vert.x HTTP client, hardened against the client's URL:
 * <ul>
 *   <li>the host is resolved off the event loop and, unless {@code allowPrivateAddresses}, refused when any of its
 *       addresses is not public ({@link CallbackAddresses}); the connection then goes to the address checked, with
 *       the URL's host in {@code Host} (and for TLS in SNI and certificate checks), so a second DNS answer cannot
 *       redirect it (rebinding);</li>
 *   <li>only the status line matters: the connection is reset as soon as it arrives, the body is never read, so a
 *       huge or endless body costs nothing;</li>
 *   <li>one deadline covers the whole attempt (resolution, connection, request, status line): a server trickling
 *       bytes is cut at {@code timeout}, whatever an idle timeout would allow;</li>
 *   <li>redirects are never followed (a client's URL must not send callguard elsewhere).</li>
 * </ul>
 * Non-blocking. A refusal fails the stage with {@link CallbackRefusedException} (logged once by the caller).
 */
public final class HttpCallbackPoster implements HttpPoster, AutoCloseable {
    private final Vertx vertx;
    private final HttpClientAgent client;
    private final Duration timeout;
    private final boolean allowPrivateAddresses;

    public HttpCallbackPoster(Vertx vertx, CallbackSettings settings) {
        this.vertx = vertx;
        this.timeout = settings.timeout();
        this.allowPrivateAddresses = settings.allowPrivateAddresses();
        // no keep-alive: every attempt ends by closing its connection (reset before the body), nothing to reuse
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setMaxRedirects(0));
    }

    @Override public CompletionStage<Integer> postJson(URI url, String json) {
        Promise<Integer> result = Promise.promise();
        AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        long deadline = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
            if (result.tryFail(new TimeoutException("no status line within " + timeout.toMillis() + " ms"))) {
                HttpClientRequest r = inFlight.get();
                if (r != null) r.reset();
            }
        });
        String host = bare(url.getHost());
        resolve(host).compose(address -> {
            if (result.future().isComplete()) return Future.failedFuture("deadline passed");
            return send(url, host, address, json, inFlight, result);
        }).onComplete(ar -> {
            vertx.cancelTimer(deadline);
            if (ar.succeeded()) result.tryComplete(ar.result());
            else result.tryFail(ar.cause());
        });
        return result.future().toCompletionStage();
    }

    /** The address to connect to, checked; DNS may block, so it runs on a worker thread. */
    private Future<InetAddress> resolve(String host) {
        return vertx.executeBlocking(() -> {
            InetAddress[] all = InetAddress.getAllByName(host);
            if (!allowPrivateAddresses) {
                for (InetAddress a : all) {
                    if (CallbackAddresses.isNonPublic(a)) {
                        // host only: the address list and the body stay out of the logs
                        throw new CallbackRefusedException("callback host " + host
                                + " resolves to a loopback or private address (cti.callbacks.allowPrivateAddresses"
                                + " is false)");
                    }
                }
            }
            return all[0];
        }, false);
    }

    private Future<Integer> send(URI url, String host, InetAddress address, String json,
                                 AtomicReference<HttpClientRequest> inFlight, Promise<Integer> result) {
        boolean https = "https".equals(url.getScheme().toLowerCase(Locale.ROOT));
        int port = url.getPort() > 0 ? url.getPort() : (https ? 443 : 80);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) path += "?" + url.getRawQuery();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(host).setPort(port).setSsl(https).setURI(path).setFollowRedirects(false)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.USER_AGENT, "callguard-cti");
        return client.request(options).compose(request -> {
            inFlight.set(request);
            if (result.future().isComplete()) { // the deadline fired while connecting
                request.reset();
                return Future.failedFuture("deadline passed");
            }
            request.exceptionHandler(ignored -> { }); // the outcome is reported through the returned future
            return request.send(Buffer.buffer(json)).map(response -> {
                int status = response.statusCode();
                response.exceptionHandler(ignored -> { }); // the reset below is ours, not an error to log
                request.reset(); // closes the connection: the body is never read
                return status;
            });
        });
    }

    /** An IPv6 literal's host without its brackets ({@code [::1]} → {@code ::1}). */
    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override public void close() { client.close(); }
}
