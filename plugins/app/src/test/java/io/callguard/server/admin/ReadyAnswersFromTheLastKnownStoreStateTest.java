package io.callguard.server.admin;

import io.callguard.server.CallguardApp;
import io.callguard.server.TestApps;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.callguard.server.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * /ready answers within the request from the store's last known state: with the store's network frozen (every byte
 * held, as when a database host stops answering), it says 503 store DOWN at once instead of waiting for the store.
 * The store is H2 in server mode behind a proxy the test can freeze.
 */
class ReadyAnswersFromTheLastKnownStoreStateTest {
    /** Far below the 5 s a store call may wait: a /ready slower than this counts as not answered. */
    private static final int CLIENT_TIMEOUT_MS = 1_000;

    @TempDir Path dir;
    Vertx vertx;
    Server h2;
    FreezableProxy proxy;
    CallguardApp app;

    @AfterEach
    void stop() {
        if (proxy != null) proxy.thaw();
        if (app != null) await(app.stop());
        if (proxy != null) await(proxy.server.close());
        if (h2 != null) h2.stop();
        if (vertx != null) await(vertx.close());
    }

    @Test
    void readyAnswers503StoreDownAtOnceWhileTheStoreHangsAndUpAgainOnceItAnswers() throws Exception {
        vertx = Vertx.vertx();
        h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString()).start();
        proxy = new FreezableProxy(vertx, h2.getPort());
        int proxyPort = await(proxy.start());
        app = TestApps.start(TestApps.config(dir, Map.of(
                "CALLGUARD_STORE_JDBC_URL", "jdbc:h2:tcp://127.0.0.1:" + proxyPort + "/callguard")));
        WebClient client = WebClient.create(vertx);
        try {
            assertThat(ready(client).statusCode()).isEqualTo(200);

            proxy.freeze();
            TestApps.until(vertx, "/ready answers 503 within " + CLIENT_TIMEOUT_MS + " ms", Duration.ofSeconds(15),
                    () -> answers503(client));
            HttpResponse<Buffer> down = ready(client);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.bodyAsJsonObject())
                    .isEqualTo(new JsonObject().put("status", "DOWN").put("store", "DOWN").put("ami", "DISABLED").put("state", "LOCAL"));

            proxy.thaw();
            TestApps.until(vertx, "/ready answers 200 again", Duration.ofSeconds(15),
                    () -> ready(client).statusCode() == 200);
        } finally {
            client.close();
        }
    }

    private boolean answers503(WebClient client) {
        try {
            return ready(client).statusCode() == 503;
        } catch (IllegalStateException timedOut) {
            return false;
        }
    }

    private HttpResponse<Buffer> ready(WebClient client) {
        return await(client.get(app.adminPort(), "127.0.0.1", "/ready").timeout(CLIENT_TIMEOUT_MS).send());
    }

    /** A TCP proxy whose every connection can be paused (nothing forwarded either way) and resumed. */
    static final class FreezableProxy {
        final Vertx vertx;
        final int target;
        final NetServer server;
        final NetClient client;
        final Set<Map.Entry<NetSocket, Context>> sockets = ConcurrentHashMap.newKeySet();
        volatile boolean frozen;

        FreezableProxy(Vertx vertx, int target) {
            this.vertx = vertx;
            this.target = target;
            this.server = vertx.createNetServer();
            this.client = vertx.createNetClient();
        }

        Future<Integer> start() {
            server.connectHandler(in -> {
                in.pause();
                client.connect(target, "127.0.0.1").onSuccess(out -> {
                    track(in);
                    track(out);
                    in.handler(out::write);
                    out.handler(in::write);
                    in.closeHandler(v -> out.close());
                    out.closeHandler(v -> in.close());
                    if (!frozen) in.resume();
                }).onFailure(e -> in.close());
            });
            return server.listen(0, "127.0.0.1").map(NetServer::actualPort);
        }

        private void track(NetSocket s) {
            sockets.add(Map.entry(s, Vertx.currentContext()));
            if (frozen) s.pause();
        }

        void freeze() {
            frozen = true;
            sockets.forEach(e -> e.getValue().runOnContext(v -> e.getKey().pause()));
        }

        void thaw() {
            frozen = false;
            sockets.forEach(e -> e.getValue().runOnContext(v -> e.getKey().resume()));
        }
    }
}
