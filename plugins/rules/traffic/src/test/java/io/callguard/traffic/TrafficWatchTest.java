package io.callguard.traffic;

import com.sun.net.httpserver.HttpServer;
import io.callguard.suspension.Suspension;
import io.callguard.suspension.SuspensionReason;
import io.callguard.traffic.measures.TrafficFigures;
import io.callguard.traffic.rules.RuleAction;
import io.callguard.traffic.rules.TrafficRule;
import io.callguard.traffic.watch.SignedWebhook;
import io.callguard.traffic.watch.TrafficWatch;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The R5 rules from replayed call records: the minimum sample, suspend with its reason, one alert per crossing. */
class TrafficWatchTest {

    @Test
    void sixtyCallsWithAsr30PercentSuspendLowAsrAndEmergencyStillGoes() throws Exception {
        TrafficFixture f = new TrafficFixture(m -> { });
        f.rule(TrafficRule.LOW_ASR, RuleAction.SUSPEND);
        f.replay(60, 18);

        TrafficFigures day = f.measures.day(TrafficFixture.ACME, f.measures.today(), 40);
        assertThat(day.placed()).isEqualTo(60);
        assertThat(day.answered()).isEqualTo(18);
        assertThat(day.asr()).isEqualByComparingTo("0.3");
        assertThat(day.acdSeconds()).isEqualByComparingTo("60");
        assertThat(f.open()).hasSize(1);
        Suspension s = f.open().get(0);
        assertThat(s.reason()).isEqualTo(SuspensionReason.LOW_ASR);
        assertThat(s.createdBy()).isEqualTo("system");
        assertThat(s.accountWide()).isTrue();
        assertThat(f.outbound("0612345678").reason()).isEqualTo("LINE_SUSPENDED");
        assertThat(f.outbound("112").allowed()).as("emergency").isTrue();
        assertThat(f.watch.suspensions(TrafficRule.LOW_ASR)).isEqualTo(1);

        f.replay(10, 0);
        assertThat(f.open()).as("once per crossing per day, not once per call").hasSize(1);
    }

    @Test
    void tenSuchCallsAreUnderTheMinimumSampleAndDoNothing() throws Exception {
        TrafficFixture f = new TrafficFixture(m -> { });
        f.rule(TrafficRule.LOW_ASR, RuleAction.SUSPEND);
        f.replay(10, 3);
        assertThat(f.open()).isEmpty();
        assertThat(f.outbound("0612345678").allowed()).isTrue();
    }

    @Test
    void anAlertPostsOneSignedWebhookAndSuspendsNobody() throws Exception {
        LinkedBlockingQueue<String[]> posts = new LinkedBlockingQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posts.add(new String[]{body, ex.getRequestHeaders().getFirst(SignedWebhook.SIGNATURE_HEADER)});
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
        try {
            SignedWebhook hook = new SignedWebhook(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
                    "s3cret", 3, thread);
            TrafficFixture f = new TrafficFixture(hook);
            f.rule(TrafficRule.LOW_ASR, RuleAction.ALERT);
            f.replay(60, 18);
            f.replay(20, 0);

            String[] post = posts.poll(5, TimeUnit.SECONDS);
            assertThat(post).as("the webhook was called").isNotNull();
            assertThat(post[0]).contains("\"rule\":\"LOW_ASR\"").contains("\"accountId\":\"acme\"");
            assertThat(post[1]).isEqualTo(SignedWebhook.signature("s3cret", post[0]));
            // the executor ran every post queued: nothing more came
            thread.submit(() -> { }).get(5, TimeUnit.SECONDS);
            assertThat(posts).as("one webhook call per crossing").isEmpty();
            assertThat(f.open()).isEmpty();
            assertThat(f.watch.alerts(TrafficRule.LOW_ASR)).isEqualTo(1);
            assertThat(f.audit.all().stream().filter(e -> e.action().equals(TrafficWatch.ACTION_ALERT)).count())
                    .isEqualTo(1);
        } finally {
            thread.shutdownNow();
            server.stop(0);
        }
    }

    @Test
    void shortCallsAndConsumptionJumpFireOverTheirOwnMeasures() throws Exception {
        List<Map<String, Object>> alerts = Collections.synchronizedList(new ArrayList<>());
        TrafficFixture f = new TrafficFixture(alerts::add);
        f.rule(TrafficRule.SHORT_CALLS, RuleAction.ALERT);
        f.rule(TrafficRule.ABNORMAL_CONSUMPTION, RuleAction.SUSPEND);
        for (int i = 0; i < 50; i++) {
            f.watch.recorded(f.call(true, 12));
            f.clock.advance(java.time.Duration.ofSeconds(1));
        }
        f.watch.drain();
        assertThat(alerts).extracting(m -> m.get("rule")).containsExactly("SHORT_CALLS");
        assertThat(f.open()).as("no history: no consumption baseline, no jump").isEmpty();
    }
}
