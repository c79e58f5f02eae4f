package io.callguard.server.http;

import io.vertx.core.http.HttpServerOptions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The options every HTTP listener of callguard shares: bounded request heads and no connection left idle. */
public final class HttpListeners {
    private HttpListeners() { }

    /**
     * @param idleTimeout a connection that sends or receives nothing this long is closed: a client that opens a
     *                    request and never finishes it (or never reads the answer) must not hold it forever
     */
    public static HttpServerOptions options(String host, int port, Duration idleTimeout) {
        return new HttpServerOptions().setHost(host).setPort(port)
                .setMaxInitialLineLength(4096).setMaxHeaderSize(16 * 1024)
                .setIdleTimeout((int) Math.max(1, idleTimeout.toMillis())).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }
}
