package io.callguard.server.http;

import io.vertx.core.http.HttpServerOptions;

import java.util.concurrent.TimeUnit;

/** The options every HTTP listener of callguard shares: bounded request heads and no connection left idle. */
public final class HttpListeners {
    /**
     * A connection that sends or receives nothing for this long is closed: a client that opens a request and
     * never finishes it (or never reads the answer) must not hold a connection forever.
     */
    public static final int IDLE_TIMEOUT_SECONDS = 30;

    private HttpListeners() { }

    public static HttpServerOptions options(String host, int port) {
        return new HttpServerOptions().setHost(host).setPort(port)
                .setMaxInitialLineLength(4096).setMaxHeaderSize(16 * 1024)
                .setIdleTimeout(IDLE_TIMEOUT_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS);
    }
}
