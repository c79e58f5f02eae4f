package io.callguard.http.cti;

import io.callguard.cti.callback.CallbackRefusedException;
import io.callguard.cti.callback.CallbackSettings;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.callguard.http.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The status-callback HTTP client against hostile receivers on 127.0.0.1: SSRF, huge bodies, trickling servers. */
class HttpCallbackPosterTest {
    private static final String JSON = "{\"id\":\"sms_1\",\"status\":\"sent\"}";
    private static final int CHUNK = 64 * 1024;
    private static final long HUGE_BODY = 50L * 1024 * 1024;

    private Vertx vertx;
    private HttpCallbackPoster poster;

    @BeforeEach void startVertx() { vertx = Vertx.vertx(); }

    @AfterEach void stopVertx() {
        if (poster != null) poster.close();
        await(vertx.close());
    }

    private HttpCallbackPoster poster(Duration timeout, boolean allowPrivate) {
        poster = new HttpCallbackPoster(vertx, new CallbackSettings(1, Duration.ZERO, Duration.ZERO, timeout,
                allowPrivate));
        return poster;
    }

    private static CompletableFuture<Integer> post(HttpCallbackPoster p, String url) {
        return p.postJson(URI.create(url), JSON).toCompletableFuture();
    }

    @Test
    void aCallbackToLoopbackIsRefusedByDefaultWithoutAnyConnection() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        HttpServer server = await(vertx.createHttpServer()
                .connectionHandler(c -> connections.incrementAndGet())
                .requestHandler(r -> r.response().setStatusCode(204).end())
                .listen(0, "127.0.0.1"));
        HttpCallbackPoster p = poster(Duration.ofSeconds(5), false);

        for (String url : new String[] {"http://127.0.0.1:" + server.actualPort() + "/hook",
                "http://localhost:" + server.actualPort() + "/hook", "http://[::1]:" + server.actualPort() + "/hook",
                "http://[::ffff:127.0.0.1]:" + server.actualPort() + "/hook"}) {
            assertThatThrownBy(() -> post(p, url).get(10, TimeUnit.SECONDS)).as(url)
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(CallbackRefusedException.class);
        }
        // the same URL is delivered once private addresses are allowed: the refusal above was the guard, not luck
        assertThat(post(poster(Duration.ofSeconds(5), true), "http://127.0.0.1:" + server.actualPort() + "/hook")
                .get(10, TimeUnit.SECONDS)).isEqualTo(204);
        assertThat(connections.get()).as("only the allowed attempt connected").isEqualTo(1);
    }

    @Test
    void theStatusIsReportedWithoutReadingAHugeResponseBody() throws Exception {
        AtomicLong written = new AtomicLong();
        Promise<Boolean> bodyOutcome = Promise.promise(); // true: the whole body went out; false: cut short
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            requests.incrementAndGet();
            HttpServerResponse res = req.response().setStatusCode(200).setChunked(true);
            res.closeHandler(v -> bodyOutcome.tryComplete(false));
            res.exceptionHandler(e -> bodyOutcome.tryComplete(false));
            streamBody(res, written, bodyOutcome);
        })).listen(0, "127.0.0.1"));

        int status = post(poster(Duration.ofSeconds(10), true), "http://127.0.0.1:" + server.actualPort() + "/hook")
                .get(15, TimeUnit.SECONDS);

        assertThat(status).isEqualTo(200);
        assertThat(requests.get()).isEqualTo(1);
        boolean wholeBodySent = await(bodyOutcome.future());
        assertThat(wholeBodySent).as("callguard closed the connection instead of reading the body").isFalse();
        assertThat(written.get()).as("bytes the server could write before the connection closed")
                .isLessThan(HUGE_BODY);
    }

    /** Writes the 50 MB body in 64 KB chunks, waiting for the socket to drain (as a real server would). */
    private static void streamBody(HttpServerResponse res, AtomicLong written, Promise<Boolean> outcome) {
        while (written.get() < HUGE_BODY && !res.writeQueueFull()) {
            if (outcome.future().isComplete()) return;
            res.write(Buffer.buffer(new byte[CHUNK]));
            written.addAndGet(CHUNK);
        }
        if (written.get() >= HUGE_BODY) {
            res.end().onComplete(ar -> outcome.tryComplete(ar.succeeded()));
        } else {
            res.drainHandler(v -> streamBody(res, written, outcome));
        }
    }

    @Test
    void aServerTricklingItsAnswerIsCutAtTheDeadline() throws Exception {
        String answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        AtomicInteger connections = new AtomicInteger();
        Promise<Void> closedByClient = Promise.promise();
        NetServer trickler = await(vertx.createNetServer().connectHandler(so -> {
            connections.incrementAndGet();
            AtomicInteger sent = new AtomicInteger();
            long timer = vertx.setPeriodic(1000, t -> { // one byte per second: never idle for long
                int i = sent.getAndIncrement();
                if (i < answer.length()) so.write(answer.substring(i, i + 1));
            });
            so.closeHandler(v -> {
                vertx.cancelTimer(timer);
                closedByClient.tryComplete();
            });
        }).listen(0, "127.0.0.1"));
        long started = System.nanoTime();

        CompletableFuture<Integer> r = post(poster(Duration.ofSeconds(1), true),
                "http://127.0.0.1:" + trickler.actualPort() + "/hook");

        assertThatThrownBy(() -> r.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(elapsedMs).as("cut at the 1 s deadline, not after the %d s the answer takes", answer.length())
                .isBetween(900L, 5000L);
        assertThat(connections.get()).isEqualTo(1);
        await(closedByClient.future()); // the connection is closed, not left to trickle on
    }
}
