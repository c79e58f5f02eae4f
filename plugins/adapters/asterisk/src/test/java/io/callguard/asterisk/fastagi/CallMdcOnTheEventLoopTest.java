package io.callguard.asterisk.fastagi;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callguard.core.calls.CallMdc;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Policy;
import io.callguard.testkit.agi.AgiEnvironment;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.callguard.asterisk.fastagi.FastAgiFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call in the logging MDC ({@link CallMdc}) on one event loop serving two sessions in turn: each session's
 * lines and policies see its own uniqueid and account, and the thread is left clean after each.
 */
class CallMdcOnTheEventLoopTest {
    @Test
    void eachSessionLogsWithItsOwnCallAndLeavesTheEventLoopClean() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Logger sessionLog = (Logger) LoggerFactory.getLogger(AgiSession.class);
        Level level = sessionLog.getLevel();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        sessionLog.addAppender(lines);
        sessionLog.setLevel(Level.DEBUG);
        List<String> policySaw = new CopyOnWriteArrayList<>();
        Policy spy = FastAgiFixture.policy("spy", c -> {
            policySaw.add(MDC.get(CallMdc.UNIQUE_ID) + " " + MDC.get(CallMdc.ACCOUNT_ID));
            return Policy.pass();
        });
        FastAgiFixture fx = FastAgiFixture.start(vertx, FastAgiFixture.options(), spy, FastAgiFixture.knownAccountPolicy());
        try {
            fx.call(AgiEnvironment.outbound("PJSIP/trunk-a-00000001", "1795713716.1", "acme", "0123456789", "0612345678"));
            assertThat(mdcOnTheEventLoop(vertx)).as("after the first session").isNullOrEmpty();
            fx.call(AgiEnvironment.outbound("PJSIP/other-00000002", "1795713716.2", "", "0123456789", "0612345678"));
            assertThat(mdcOnTheEventLoop(vertx)).as("after the second session").isNullOrEmpty();
        } finally {
            fx.stop();
            sessionLog.detachAppender(lines);
            sessionLog.setLevel(level);
            await(vertx.close());
        }
        assertThat(policySaw).containsExactly("1795713716.1 acme", "1795713716.2 null");
        List<ILoggingEvent> decisions = lines.list.stream().filter(e -> e.getFormattedMessage().contains("ALLOW")
                || e.getFormattedMessage().contains("DENY")).toList();
        assertThat(decisions).hasSize(2);
        assertThat(decisions.get(0).getMDCPropertyMap()).containsEntry(CallMdc.UNIQUE_ID, "1795713716.1")
                .containsEntry(CallMdc.ACCOUNT_ID, "acme");
        assertThat(decisions.get(1).getMDCPropertyMap()).as("the second call carries nothing of the first")
                .containsEntry(CallMdc.UNIQUE_ID, "1795713716.2").doesNotContainKey(CallMdc.ACCOUNT_ID);
    }

    /** The MDC of the (only) event-loop thread, read on it. */
    private static Map<String, String> mdcOnTheEventLoop(Vertx vertx) throws Exception {
        Promise<Map<String, String>> seen = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> seen.complete(MDC.getCopyOfContextMap()));
        return seen.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
