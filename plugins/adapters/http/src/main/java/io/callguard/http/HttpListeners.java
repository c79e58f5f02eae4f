package io.callguard.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The options every HTTP listener of callguard shares: bounded request heads, no connection left idle, a cap on
 * open connections ({@link ConnectionLimit}), 503 until the whole service has started, and a bind failure told as
 * a configuration error naming the key and the port ({@link ListenerBindException}).
 */
public final class HttpListeners {
    /** Seconds a client is told to wait (Retry-After) while callguard is still starting. */
    static final String RETRY_AFTER_SECONDS = "1";

    private HttpListeners() { }

    /**
     * @param idleTimeout a connection that sends or receives nothing this long is closed: a client that opens a
     *                    request and never finishes it (or never reads the answer) must not hold it forever
     */
    public static HttpServerOptions options(String host, int port, Duration idleTimeout) {
        return new HttpServerOptions().setHost(host).setPort(port)
                // HTTP/1.1 only: with cleartext HTTP/2 detection a connection waits for its first bytes before it
                // exists for the connection handler, and an idle one could not be counted nor refused at accept
                .setHttp2ClearTextEnabled(false)
                .setMaxInitialLineLength(4096).setMaxHeaderSize(16 * 1024)
                .setIdleTimeout((int) Math.max(1, idleTimeout.toMillis())).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }

    /**
     * Closes every connection over {@code limit} as soon as it is accepted: the connection handler runs before any
     * request of the connection is read, so a refused peer costs an accept and a close, nothing more.
     */
    public static void limitConnections(HttpServer http, ConnectionLimit limit) {
        http.connectionHandler(connection -> {
            SocketAddress remote = connection.remoteAddress();
            String address = remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
            if (limit.admit(address) != null) {
                connection.close();
                return;
            }
            connection.closeHandler(v -> limit.release(address));
        });
    }

    /**
     * {@code handler} once {@code started} is true; before that, every request gets 503 with {@code Retry-After}:
     * a listener bound early must not act (write to the store, start a call) for a service whose start may still
     * fail on a later listener.
     */
    public static Handler<HttpServerRequest> afterStart(BooleanSupplier started, Handler<HttpServerRequest> handler) {
        return request -> {
            if (started.getAsBoolean()) {
                handler.handle(request);
                return;
            }
            request.response().setStatusCode(503)
                    .putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE)
                    .end("{\"type\":\"about:blank\",\"title\":\"Starting\",\"status\":503,"
                            + "\"detail\":\"callguard is starting; retry shortly\"}");
        };
    }

    /**
     * A listener that could not bind, as a configuration error naming the key and the port ({@code cti.port:
     * 127.0.0.1:8081 is already in use}) instead of the transport's stack trace, which names neither. Any listener's:
     * the app tells FastAGI's the same way.
     */
    public static ListenerBindException bindFailure(String portKey, String host, int port, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof BindException || message.contains("Address already in use")) {
                return new ListenerBindException(portKey + ": " + host + ":" + port + " is already in use by another "
                        + "process (free the port or choose another)", cause);
            }
            if (message.contains("Cannot assign requested address")) {
                String hostKey = portKey.substring(0, portKey.lastIndexOf('.')) + ".host";
                return new ListenerBindException(hostKey + ": cannot listen on " + host + ":" + port
                        + " (not an address of this machine)", cause);
            }
        }
        return new ListenerBindException(portKey + ": cannot listen on " + host + ":" + port + ": " + cause, cause);
    }
}
