package io.callguard.cti.sip;

import io.callguard.core.time.MutableClock;
import io.callguard.cti.CtiFixture;
import io.callguard.cti.ManualScheduler;
import io.callguard.cti.callback.CallbackSettings;
import io.callguard.cti.callback.StatusCallbacks;
import io.callguard.cti.keys.ApiKeyPrincipal;
import io.callguard.cti.sms.DispatchSettings;
import io.callguard.cti.sms.InMemorySmsRepository;
import io.callguard.cti.sms.SendSms;
import io.callguard.cti.sms.SmsAcceptance;
import io.callguard.cti.sms.SmsCallbackNotifier;
import io.callguard.cti.sms.SmsDispatcher;
import io.callguard.cti.sms.SmsMessage;
import io.callguard.cti.sms.SmsRateLimiter;
import io.callguard.cti.sms.SmsService;
import io.callguard.cti.sms.SmsSettings;
import io.callguard.cti.sms.SmsStatus;
import io.callguard.cti.sms.SmsStatusChange;
import io.callguard.cti.sms.SmsStatusListener;
import io.callguard.testkit.sip.FakeSmsGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.callguard.cti.CtiFixture.A;
import static io.callguard.cti.CtiFixture.A_NUMBER;
import static io.callguard.cti.CtiFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Accept → store → SIP MESSAGE to a real (fake) gateway over 127.0.0.1, end to end at the domain level. */
class SmsDeliveryOverSipTest {
    private static final ApiKeyPrincipal KEY_A = new ApiKeyPrincipal("ka", A);

    private final CtiFixture fx = new CtiFixture();
    private final MutableClock clock = new MutableClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final InMemorySmsRepository repo = new InMemorySmsRepository();
    private final ExecutorService completions = Executors.newFixedThreadPool(2);
    private final LinkedBlockingQueue<SmsMessage> outcomes = new LinkedBlockingQueue<>();
    private final SmsStatusListener recordOutcomes = (sms, change) -> {
        if (change.status() != SmsStatus.QUEUED) outcomes.add(sms);
    };
    private final List<AutoCloseable> closing = new ArrayList<>();
    private FakeSmsGateway gateway;
    private SipMessageSender sender;

    private void startGateway(int code, Duration t1) throws Exception {
        gateway = new FakeSmsGateway(r -> code);
        closing.add(gateway);
        sender = SipMessageSender.start(SipSenderOptions.defaults(gateway.uri()).withTimerT1(t1), completions);
        closing.add(0, sender);
    }

    private SmsDispatcher dispatcher(DispatchSettings settings, SmsStatusListener listener) {
        SmsDispatcher d = new SmsDispatcher(repo, sender, scheduler, clock, settings, listener);
        closing.add(0, d::stop);
        return d;
    }

    private SmsService service(SmsDispatcher d, SmsStatusListener listener) {
        return new SmsService(fx.directory, fx.accountStatus, new SmsRateLimiter(clock), repo, d, listener,
                SmsSettings.defaults());
    }

    private SmsMessage nextOutcome() throws InterruptedException {
        SmsMessage m = outcomes.poll(15, TimeUnit.SECONDS);
        if (m == null) throw new AssertionError("no SMS outcome within 15 s");
        return m;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing) c.close();
        completions.shutdownNow();
    }

    @Test
    void theGatewayReceivesExactlyTheAcceptedMessagesOnceEach() throws Exception {
        startGateway(200, Duration.ofMillis(500));
        SmsDispatcher d = dispatcher(DispatchSettings.defaults(), recordOutcomes);
        d.start();
        SmsService service = service(d, recordOutcomes);
        Set<String> accepted = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(30);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SmsAcceptance>> burst = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int n = i;
                burst.add(pool.submit(() -> {
                    go.await();
                    return service.accept(KEY_A, new SendSms(A_NUMBER, "0612345678", "burst " + n), clock.instant());
                }));
            }
            go.countDown();
            for (Future<SmsAcceptance> f : burst) {
                if (f.get(10, TimeUnit.SECONDS) instanceof SmsAcceptance.Accepted a) accepted.add(a.id());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(accepted).hasSize(1);
        for (int s = 1; s <= 12; s++) {
            clock.advance(Duration.ofSeconds(1));
            SmsAcceptance r = service.accept(KEY_A, new SendSms(A_NUMBER, "0612345678", "tick " + s), clock.instant());
            if (r instanceof SmsAcceptance.Accepted a) accepted.add(a.id());
            SmsAcceptance extra = service.accept(KEY_A, new SendSms(A_NUMBER, "0612345678", "extra"), clock.instant());
            assertThat(extra).isInstanceOf(SmsAcceptance.RateLimited.class);
        }
        SmsAcceptance emergency = service.accept(KEY_A, new SendSms(A_NUMBER, "114", "au secours"), clock.instant());
        accepted.add(((SmsAcceptance.Accepted) emergency).id());
        assertThat(accepted).as("1 + 9 more in the first minute + the 114").hasSize(11);

        Set<String> sent = new HashSet<>();
        for (int i = 0; i < accepted.size(); i++) {
            SmsMessage m = nextOutcome();
            assertThat(m.status()).isEqualTo(SmsStatus.SENT);
            assertThat(m.lastChange().code()).isEqualTo(200);
            sent.add(m.id());
        }
        assertThat(sent).isEqualTo(accepted);
        List<String> ids = gateway.received().stream().map(FakeSmsGateway.Received::smsId).toList();
        assertThat(ids).hasSize(accepted.size()).containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(repo.listUnsent()).isEmpty();
    }

    @Test
    void messagesAcceptedBeforeARestartAreSentAfterItAndSentOnesAreNotResent() throws Exception {
        startGateway(200, Duration.ofMillis(500));
        SmsDispatcher before = dispatcher(DispatchSettings.defaults(), recordOutcomes);
        before.start();
        SmsService s1 = service(before, recordOutcomes);
        String sentBefore = ((SmsAcceptance.Accepted) s1.accept(KEY_A, new SendSms(A_NUMBER, "0612345678", "one"),
                clock.instant())).id();
        assertThat(nextOutcome().id()).isEqualTo(sentBefore);
        before.stop();

        // a node that accepts and dies before sending: its dispatcher never starts
        SmsDispatcher dying = dispatcher(DispatchSettings.defaults(), recordOutcomes);
        SmsService s2 = service(dying, recordOutcomes);
        List<String> unsent = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(1));
            unsent.add(((SmsAcceptance.Accepted) s2.accept(KEY_A, new SendSms(A_NUMBER, "0612345678", "after " + i),
                    clock.instant())).id());
        }
        assertThat(repo.listUnsent()).extracting(SmsMessage::id).containsExactlyElementsOf(unsent);
        assertThat(gateway.received()).hasSize(1);

        SmsDispatcher restarted = dispatcher(DispatchSettings.defaults(), recordOutcomes);
        assertThat(restarted.start()).isEqualTo(2);
        Set<String> sentAfter = new HashSet<>();
        sentAfter.add(nextOutcome().id());
        sentAfter.add(nextOutcome().id());
        assertThat(sentAfter).containsExactlyInAnyOrderElementsOf(unsent);
        assertThat(gateway.received()).extracting(FakeSmsGateway.Received::smsId)
                .containsExactlyInAnyOrder(sentBefore, unsent.get(0), unsent.get(1));
        assertThat(repo.listUnsent()).isEmpty();
    }

    @Test
    void a503FromTheGatewayEndsAsFailedWithTheCodeAndIsNotRetried() throws Exception {
        startGateway(503, Duration.ofMillis(500));
        SmsDispatcher d = dispatcher(DispatchSettings.defaults(), recordOutcomes);
        d.start();
        String id = ((SmsAcceptance.Accepted) service(d, recordOutcomes)
                .accept(KEY_A, new SendSms(A_NUMBER, "0612345678", "x"), clock.instant())).id();
        SmsMessage m = nextOutcome();
        assertThat(m.id()).isEqualTo(id);
        assertThat(m.status()).isEqualTo(SmsStatus.FAILED);
        assertThat(m.history()).extracting(SmsStatusChange::status).containsExactly(SmsStatus.QUEUED, SmsStatus.FAILED);
        assertThat(m.lastChange().code()).isEqualTo(503);
        assertThat(m.lastChange().detail()).isEqualToIgnoringCase("sip 503 Service Unavailable");
        assertThat(m.attempts()).isEqualTo(1);
        assertThat(scheduler.pending()).isZero();
        assertThat(gateway.received()).hasSize(1);
    }

    @Test
    void aTimeoutIsRetriedWithBackoffThenFails() throws Exception {
        startGateway(0, Duration.ofMillis(10));
        SmsDispatcher d = dispatcher(new DispatchSettings(3, Duration.ofSeconds(2), Duration.ofMinutes(1), 8),
                recordOutcomes);
        d.start();
        String id = ((SmsAcceptance.Accepted) service(d, recordOutcomes)
                .accept(KEY_A, new SendSms(A_NUMBER, "0612345678", "x"), clock.instant())).id();
        assertThat(scheduler.awaitScheduled()).isEqualTo(Duration.ofSeconds(2));
        assertThat(repo.get(id).orElseThrow().status()).isEqualTo(SmsStatus.QUEUED);
        assertThat(scheduler.advanceAndRun(Duration.ofSeconds(2))).isEqualTo(1);
        assertThat(scheduler.awaitScheduled()).isEqualTo(Duration.ofSeconds(4));
        assertThat(scheduler.advanceAndRun(Duration.ofSeconds(4))).isEqualTo(1);
        SmsMessage m = nextOutcome();
        assertThat(m.status()).isEqualTo(SmsStatus.FAILED);
        assertThat(m.lastChange().detail()).isEqualTo("timeout");
        assertThat(m.lastChange().code()).isNull();
        assertThat(m.attempts()).isEqualTo(3);
        assertThat(gateway.received()).extracting(FakeSmsGateway.Received::cseq).containsExactly(1L, 2L, 3L);
        assertThat(gateway.received()).extracting(FakeSmsGateway.Received::callId).containsOnly(id + "@127.0.0.1");
    }

    @Test
    void theStatusCallbackHearsQueuedThenSent() throws Exception {
        startGateway(200, Duration.ofMillis(500));
        List<String> posted = new CopyOnWriteArrayList<>();
        LinkedBlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
        StatusCallbacks callbacks = new StatusCallbacks((url, json) -> {
            posted.add(url + " " + json);
            arrivals.add(json);
            return CompletableFuture.completedFuture(204);
        }, scheduler, CallbackSettings.defaults());
        SmsStatusListener both = (sms, change) -> {
            new SmsCallbackNotifier(callbacks).onStatus(sms, change);
            recordOutcomes.onStatus(sms, change);
        };
        SmsDispatcher d = dispatcher(DispatchSettings.defaults(), both);
        d.start();
        String id = ((SmsAcceptance.Accepted) service(d, both).accept(KEY_A,
                new SendSms(A_NUMBER, "0612345678", "x", null, "http://127.0.0.1:8080/hook"), clock.instant())).id();
        nextOutcome();
        assertThat(arrivals.poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(arrivals.poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(posted).containsExactly(
                "http://127.0.0.1:8080/hook {\"id\":\"" + id + "\",\"status\":\"queued\",\"at\":\"" + T0 + "\"}",
                "http://127.0.0.1:8080/hook {\"id\":\"" + id + "\",\"status\":\"sent\",\"at\":\"" + T0 + "\",\"code\":200}");
    }
}
