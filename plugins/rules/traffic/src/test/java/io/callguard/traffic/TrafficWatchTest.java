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

    @Test
    void sipTransactionRateSuspendSuspendsTheAccountOnceWithItsReasonAndEmergencyStillGoes() throws Exception {
        TrafficFixture f = new TrafficFixture(m -> { });
        f.rule(TrafficRule.SIP_TRANSACTION_RATE, RuleAction.SUSPEND);
        f.replay(60, 0);
        assertThat(f.open()).as("the call records never fire SIP_TRANSACTION_RATE").isEmpty();

        f.watch.overTransactionRate(TrafficFixture.ACME, "203.0.113.5", 30, f.clock.instant());
        f.watch.drain();
        assertThat(f.open()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(SuspensionReason.SIP_TRANSACTION_RATE);
            assertThat(s.note()).isEqualTo("more than 30 SIP transactions in one second from 203.0.113.5 (CGV 12.1)");
            assertThat(s.createdBy()).isEqualTo("system");
            assertThat(s.accountWide()).isTrue();
        });
        assertThat(f.outbound("0612345678").reason()).isEqualTo("LINE_SUSPENDED");
        assertThat(f.outbound("112").allowed()).as("emergency").isTrue();

        // a later crossing the same day, then one the next day while the suspension is still open: no second one
        f.watch.overTransactionRate(TrafficFixture.ACME, "203.0.113.5", 30, f.clock.instant());
        f.clock.advance(java.time.Duration.ofDays(1));
        f.watch.overTransactionRate(TrafficFixture.ACME, "203.0.113.5", 30, f.clock.instant());
        f.watch.drain();
        assertThat(f.open()).hasSize(1);
        assertThat(f.watch.suspensions(TrafficRule.SIP_TRANSACTION_RATE)).isEqualTo(1);
        assertThat(f.watch.alerts(TrafficRule.SIP_TRANSACTION_RATE)).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void sipTransactionRateAlertsByDefaultOncePerParisDayWithTheLimitAndAddressInItsFigures() throws Exception {
        List<Map<String, Object>> alerts = Collections.synchronizedList(new ArrayList<>());
        TrafficFixture f = new TrafficFixture(alerts::add);
        f.replay(3, 1);
        f.watch.overTransactionRate(TrafficFixture.ACME, "203.0.113.5", 30, f.clock.instant());
        f.watch.overTransactionRate(TrafficFixture.ACME, "203.0.113.5", 30, f.clock.instant().plusSeconds(5));
        f.watch.drain();

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a).containsEntry("event", TrafficWatch.ACTION_ALERT).containsEntry("rule", "SIP_TRANSACTION_RATE")
                    .containsEntry("accountId", TrafficFixture.ACME).containsEntry("day", "2026-12-07")
                    .containsEntry("detail", "more than 30 SIP transactions in one second from 203.0.113.5");
            assertThat((Map<String, Object>) a.get("figures")).containsEntry("limitPerSecond", 30)
                    .containsEntry("sourceAddress", "203.0.113.5").containsEntry("placed", 3L);
        });
        assertThat(f.audit.all().stream().filter(e -> e.action().equals(TrafficWatch.ACTION_ALERT)).count()).isEqualTo(1);
        assertThat(f.watch.alerts(TrafficRule.SIP_TRANSACTION_RATE)).isEqualTo(1);
        assertThat(f.open()).isEmpty();

        // 23:30 in Paris on the 7th is still the 7th; 00:30 on the 8th (23:30 UTC) is a new day
        f.watch.overTransactionRate(TrafficFixture.ACME, "203.0.113.5", 30, java.time.Instant.parse("2026-12-07T22:30:00Z"));
        f.watch.overTransactionRate(TrafficFixture.ACME, "203.0.113.5", 30, java.time.Instant.parse("2026-12-07T23:30:00Z"));
        f.watch.drain();
        assertThat(alerts).extracting(a -> a.get("day")).containsExactly("2026-12-07", "2026-12-08");
    }

    @Test
    void sipTransactionRateOffDoesNothing() throws Exception {
        List<Map<String, Object>> alerts = Collections.synchronizedList(new ArrayList<>());
        TrafficFixture f = new TrafficFixture(alerts::add);
        f.rule(TrafficRule.SIP_TRANSACTION_RATE, RuleAction.OFF);
        f.watch.overTransactionRate(TrafficFixture.ACME, "203.0.113.5", 30, f.clock.instant());
        f.watch.drain();
        assertThat(alerts).isEmpty();
        assertThat(f.open()).isEmpty();
        assertThat(f.audit.all()).noneMatch(e -> e.action().equals(TrafficWatch.ACTION_ALERT));
    }
}
