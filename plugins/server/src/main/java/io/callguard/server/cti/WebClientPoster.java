package io.callguard.server.cti;

import io.callguard.cti.callback.HttpPoster;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Status callbacks POSTed with vertx-web-client: JSON body, a bounded time per attempt, redirects never followed (a
 * client's URL must not send callguard elsewhere). Non-blocking.
 */
final class WebClientPoster implements HttpPoster, AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WebClient client;

    WebClientPoster(Vertx vertx) {
        this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
                .setConnectTimeout((int) TIMEOUT.toMillis()).setUserAgent("callguard-cti"));
    }

    @Override public CompletionStage<Integer> postJson(URI url, String json) {
        return client.postAbs(url.toString()).timeout(TIMEOUT.toMillis())
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(json)).map(HttpResponse::statusCode).toCompletionStage();
    }

    @Override public void close() { client.close(); }
}
