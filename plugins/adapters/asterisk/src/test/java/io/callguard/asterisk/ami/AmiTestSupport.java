package io.callguard.asterisk.ami;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.time.MutableClock;
import io.callguard.testkit.ami.EmulatedAmiServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Shared fixture: a Vert.x whose blocked-thread checker is strict (any event-loop task over 300 ms is reported,
 * and a report fails the test), an emulated Asterisk on an ephemeral port, a tracker on a manual clock, and every
 * log event captured.
 */
abstract class AmiTestSupport {
    static final String USER = "callguard";
    static final String SECRET = "s3cret-Pa55-callguard";
    static final Instant T0 = Instant.parse("2026-11-26T17:25:36Z");

    Vertx vertx;
    EmulatedAmiServer server;
    MutableClock clock;
    CallTracker tracker;
    AmiClient client;
    ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void startFixture() throws Exception {
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO); // asterisk-java logs every event at DEBUG: far too much for the load tests
        logs = new ListAppender<>();
        logs.setContext(ctx);
        logs.start();
        root.addAppender(logs);

        vertx = Vertx.vertx(new VertxOptions()
                .setBlockedThreadCheckInterval(50).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(300).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
        clock = new MutableClock(T0);
        tracker = new CallTracker(clock);
        server = new EmulatedAmiServer(vertx, USER, SECRET).loginFailureDelay(Duration.ofMillis(20));
        await(server.start());
    }

    @AfterEach
    void stopFixture() throws Exception {
        try {
            if (client != null) await(client.stop());
            await(server.close());
            await(vertx.close());
            assertThat(messages()).as("the event loop was never blocked").noneMatch(m -> m.contains("has been blocked"));
        } finally {
            ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                    .detachAppender(logs);
        }
    }

    /** Options for the emulator: fast retries and pings so that tests stay short. */
    AmiOptions options(String secret) {
        return new AmiOptions("127.0.0.1", server.port(), USER, secret, Duration.ofMillis(200),
                Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    AmiClient startClient(AmiOptions options) throws Exception {
        client = new AmiClient(vertx, options, tracker);
        await(client.start());
        return client;
    }

    /** A client that measures its sessions' lives on the test's manual clock. */
    AmiClient startClientOnTestClock(AmiOptions options) throws Exception {
        client = new AmiClient(vertx, options, tracker, clock);
        await(client.start());
        return client;
    }

    /** Every captured log line: formatted message, arguments and throwable text. */
    List<String> messages() {
        List<String> out = new ArrayList<>();
        synchronized (logs) {
            for (ILoggingEvent e : logs.list) {
                StringBuilder sb = new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage());
                if (e.getArgumentArray() != null) for (Object a : e.getArgumentArray()) sb.append(' ').append(a);
                if (e.getThrowableProxy() != null) sb.append(' ').append(e.getThrowableProxy().getMessage());
                out.add(sb.toString());
            }
        }
        return out;
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    /** Waits (bounded) until the condition holds, checking it on a Vert.x timer: no sleeping test thread. */
    void until(String what, Duration timeout, BooleanSupplier condition) throws Exception {
        Promise<Void> met = Promise.promise();
        long timer = vertx.setPeriodic(5, id -> {
            if (condition.getAsBoolean()) met.tryComplete();
        });
        try {
            met.future().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail("timed out after " + timeout + " waiting for: " + what);
        } finally {
            vertx.cancelTimer(timer);
        }
    }

    void until(String what, BooleanSupplier condition) throws Exception { until(what, Duration.ofSeconds(10), condition); }
}
