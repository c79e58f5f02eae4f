package io.callguard.cti.sms;

import io.callguard.core.time.MutableClock;
import io.callguard.cti.CtiFixture;
import io.callguard.cti.keys.ApiKeyPrincipal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.callguard.cti.CtiFixture.A;
import static io.callguard.cti.CtiFixture.A_NUMBER;
import static io.callguard.cti.CtiFixture.B;
import static io.callguard.cti.CtiFixture.B_NUMBER;
import static io.callguard.cti.CtiFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

class SmsServiceTest {
    private static final ApiKeyPrincipal KEY_A = new ApiKeyPrincipal("ka", A);
    private static final ApiKeyPrincipal KEY_B = new ApiKeyPrincipal("kb", B);

    private final CtiFixture fx = new CtiFixture();
    private final MutableClock clock = new MutableClock(T0);
    private final InMemorySmsRepository repo = new InMemorySmsRepository();
    private final List<SmsMessage> queued = new CopyOnWriteArrayList<>();
    private final List<SmsStatusChange> statuses = new CopyOnWriteArrayList<>();
    private final SmsService service = new SmsService(fx.directory, fx.accountStatus, new SmsRateLimiter(clock), repo,
            sms -> {
                // stored before the hand-off, hence before the 202
                assertThat(repo.get(sms.id())).isPresent();
                queued.add(sms);
            }, (sms, change) -> statuses.add(change), SmsSettings.defaults());

    private SmsAcceptance send(ApiKeyPrincipal key, String from, String to, String text) {
        return service.accept(key, new SendSms(from, to, text), clock.instant());
    }

    private SmsAcceptance sendA() { return send(KEY_A, A_NUMBER, "0612345678", "hello"); }

    @Test
    void thirtySimultaneousSendsFromOneAccountGiveExactlyOneAccepted() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(30);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SmsAcceptance>> results = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return sendA();
                }));
            }
            go.countDown();
            int accepted = 0;
            int limited = 0;
            for (Future<SmsAcceptance> f : results) {
                SmsAcceptance r = f.get(10, TimeUnit.SECONDS);
                if (r instanceof SmsAcceptance.Accepted) accepted++;
                if (r instanceof SmsAcceptance.RateLimited rl) {
                    limited++;
                    assertThat(rl.window()).isEqualTo("1/s");
                    assertThat(rl.retryAfterSeconds()).isEqualTo(1);
                    assertThat(rl.article()).isEqualTo("CP Téléphonie §1.5 (R8)");
                }
            }
            assertThat(accepted).isEqualTo(1);
            assertThat(limited).isEqualTo(29);
            assertThat(repo.all()).hasSize(1);
            assertThat(queued).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onePerSecondIsAcceptedAndTheEleventhInSixtySecondsIsRefusedWithTheExactRetryAfter() {
        for (int i = 0; i < 10; i++) {
            assertThat(sendA()).as("SMS %d at +%d s", i + 1, i).isInstanceOf(SmsAcceptance.Accepted.class);
            clock.advance(Duration.ofMillis(400));
            SmsAcceptance tooSoon = sendA();
            if (i < 9) {
                assertThat(tooSoon).isEqualTo(new SmsAcceptance.RateLimited("1/s", 1, Duration.ofMillis(600),
                        SmsSettings.R8_ARTICLE));
            } else { // both windows are full: the one that binds longer is named, with its wait
                assertThat(tooSoon).isEqualTo(new SmsAcceptance.RateLimited("10/min", 51, Duration.ofMillis(50_600),
                        SmsSettings.R8_ARTICLE));
            }
            clock.advance(Duration.ofMillis(600));
        }
        // now T0+10 s: ten SMS in (T0-50 s, T0+10 s]; the first ages out at T0+60 s
        assertThat(sendA()).isEqualTo(new SmsAcceptance.RateLimited("10/min", 50, Duration.ofSeconds(50),
                SmsSettings.R8_ARTICLE));
        clock.advance(Duration.ofMillis(49_300));
        SmsAcceptance almost = sendA();
        assertThat(almost).isInstanceOf(SmsAcceptance.RateLimited.class);
        assertThat(((SmsAcceptance.RateLimited) almost).retryAfterSeconds()).as("0.7 s rounded up").isEqualTo(1);
        assertThat(((SmsAcceptance.RateLimited) almost).window()).isEqualTo("10/min");
        clock.advance(Duration.ofMillis(700));
        assertThat(sendA()).isInstanceOf(SmsAcceptance.Accepted.class);
        assertThat(repo.all()).hasSize(11);
    }

    @Test
    void twoAccountsDoNotShareABudget() {
        for (int i = 0; i < 10; i++) {
            assertThat(sendA()).isInstanceOf(SmsAcceptance.Accepted.class);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(sendA()).isInstanceOf(SmsAcceptance.RateLimited.class);
        assertThat(send(KEY_B, B_NUMBER, "0612345678", "hi")).isInstanceOf(SmsAcceptance.Accepted.class);
    }

    @Test
    void smsTo114PassesAtTheLimitAndDoesNotCount() {
        assertThat(sendA()).isInstanceOf(SmsAcceptance.Accepted.class);
        assertThat(sendA()).isInstanceOf(SmsAcceptance.RateLimited.class);
        for (int i = 0; i < 5; i++) {
            SmsAcceptance r = send(KEY_A, A_NUMBER, "114", "Incendie au 3 rue des Lilas, Paris");
            assertThat(r).isInstanceOf(SmsAcceptance.Accepted.class);
            assertThat(((SmsAcceptance.Accepted) r).sms().emergency()).isTrue();
            assertThat(((SmsAcceptance.Accepted) r).sms().to()).isEqualTo("114");
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(sendA()).as("the 114 SMS took nothing from the budget").isInstanceOf(SmsAcceptance.Accepted.class);
    }

    @Test
    void aSuspendedAccountCanStillTextTheEmergency114ButNothingElse() {
        fx.suspended.put(A, "CREDIT_THRESHOLD");
        assertThat(sendA()).isEqualTo(new SmsAcceptance.Suspended("CREDIT_THRESHOLD"));
        assertThat(send(KEY_A, A_NUMBER, "114", "aide")).isInstanceOf(SmsAcceptance.Accepted.class);
        assertThat(send(KEY_B, B_NUMBER, "0612345678", "hi")).isInstanceOf(SmsAcceptance.Accepted.class);
    }

    @Test
    void fromMustBeOneOfTheAccountsNumbers() {
        assertThat(send(KEY_A, B_NUMBER, "0612345678", "x")).isEqualTo(new SmsAcceptance.NotYourNumber(B_NUMBER));
        assertThat(send(KEY_A, "+33198765432", "0612345678", "x")).as("any form of the account's number")
                .isInstanceOf(SmsAcceptance.Accepted.class);
    }

    @Test
    void acceptedSmsIsStoredQueuedWithItsSegmentsAndAnnounced() {
        SmsAcceptance r = send(KEY_A, A_NUMBER, "+33 6 12 34 56 78", "ç".repeat(71));
        SmsAcceptance.Accepted ok = (SmsAcceptance.Accepted) r;
        assertThat(ok.encoding()).isEqualTo(SmsEncoding.UCS2);
        assertThat(ok.segments()).isEqualTo(2);
        SmsMessage stored = repo.get(ok.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(SmsStatus.QUEUED);
        assertThat(stored.to()).isEqualTo("0612345678");
        assertThat(stored.keyId()).isEqualTo("ka");
        assertThat(stored.history()).containsExactly(new SmsStatusChange(SmsStatus.QUEUED, T0, null, null));
        assertThat(statuses).containsExactly(new SmsStatusChange(SmsStatus.QUEUED, T0, null, null));
        assertThat(service.get(KEY_A, ok.id())).contains(stored);
        assertThat(service.get(KEY_B, ok.id())).as("another account sees nothing").isEmpty();
    }

    @Test
    void sameIdempotencyKeyReturnsTheOriginalWithoutCountingAgain() {
        SendSms req = new SendSms(A_NUMBER, "0612345678", "hello", "order-42", null);
        SmsAcceptance.Accepted first = (SmsAcceptance.Accepted) service.accept(KEY_A, req, clock.instant());
        clock.advance(Duration.ofMillis(100));
        SmsAcceptance again = service.accept(KEY_A, req, clock.instant());
        assertThat(again).isEqualTo(new SmsAcceptance.Accepted(first.sms(), true));
        assertThat(repo.all()).hasSize(1);
        assertThat(queued).hasSize(1);
        fx.suspended.put(A, "CREDIT_THRESHOLD");
        assertThat(service.accept(KEY_A, req, clock.instant())).as("a replay even when suspended since")
                .isInstanceOf(SmsAcceptance.Accepted.class);
        SmsAcceptance changed = service.accept(KEY_A, new SendSms(A_NUMBER, "0612345678", "other", "order-42", null),
                clock.instant());
        assertThat(changed).isEqualTo(new SmsAcceptance.IdempotencyMismatch("order-42", first.id()));
        SendSms bReq = new SendSms(B_NUMBER, "0612345678", "hello", "order-42", null);
        assertThat(service.accept(KEY_B, bReq, clock.instant())).as("keys are per account")
                .isInstanceOfSatisfying(SmsAcceptance.Accepted.class, a -> assertThat(a.replay()).isFalse());
    }

    @Test
    void anIdempotencyKeyExpiresAfter24Hours() {
        SendSms req = new SendSms(A_NUMBER, "0612345678", "hello", "k1", null);
        SmsAcceptance.Accepted first = (SmsAcceptance.Accepted) service.accept(KEY_A, req, clock.instant());
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        SmsAcceptance.Accepted second = (SmsAcceptance.Accepted) service.accept(KEY_A, req, clock.instant());
        assertThat(second.replay()).isFalse();
        assertThat(second.id()).isNotEqualTo(first.id());
    }

    @Test
    void invalidFieldsAreNamed() {
        assertThat(send(KEY_A, A_NUMBER, "06 12 AB", "x")).isInstanceOfSatisfying(SmsAcceptance.Invalid.class,
                i -> assertThat(i.field()).isEqualTo("to"));
        assertThat(send(KEY_A, A_NUMBER, "0612345678", "")).isInstanceOfSatisfying(SmsAcceptance.Invalid.class,
                i -> assertThat(i.field()).isEqualTo("text"));
        assertThat(send(KEY_A, A_NUMBER, "0612345678", "a".repeat(1531)))
                .isInstanceOfSatisfying(SmsAcceptance.Invalid.class, i -> assertThat(i.message()).contains("11 SMS segments"));
        assertThat(service.accept(KEY_A, new SendSms(A_NUMBER, "0612345678", "x", null, "ftp://h/x"), T0))
                .isInstanceOfSatisfying(SmsAcceptance.Invalid.class, i -> assertThat(i.field()).isEqualTo("statusCallback"));
        assertThat(service.accept(KEY_A, new SendSms(A_NUMBER, "0612345678", "x", "has space", null), T0))
                .isInstanceOfSatisfying(SmsAcceptance.Invalid.class, i -> assertThat(i.field()).isEqualTo("Idempotency-Key"));
        assertThat(send(KEY_A, null, "0612345678", "x")).isInstanceOfSatisfying(SmsAcceptance.Invalid.class,
                i -> assertThat(i.field()).isEqualTo("from"));
        assertThat(repo.all()).isEmpty();
        assertThat(sendA()).as("refusals took no budget").isInstanceOf(SmsAcceptance.Accepted.class);
    }

    @Test
    void aStorageFailureGivesTheRateSlotBack() {
        SmsRepository failing = new SmsRepository() {
            int calls;

            @Override public void insert(SmsMessage sms, Instant cutoff) {
                if (calls++ == 0) throw new IllegalStateException("db down");
                repo.insert(sms, cutoff);
            }

            @Override public java.util.Optional<SmsMessage> get(String id) { return repo.get(id); }

            @Override public java.util.Optional<SmsMessage> findByIdempotencyKey(String a, String k, Instant nb) {
                return repo.findByIdempotencyKey(a, k, nb);
            }

            @Override public java.util.Optional<SmsMessage> recordAttempt(String id) { return repo.recordAttempt(id); }

            @Override public java.util.Optional<SmsMessage> markSent(String id, int code, Instant at) {
                return repo.markSent(id, code, at);
            }

            @Override public java.util.Optional<SmsMessage> markFailed(String id, Integer c, String d, Instant at) {
                return repo.markFailed(id, c, d, at);
            }

            @Override public List<SmsMessage> listUnsent() { return repo.listUnsent(); }
        };
        SmsService s = new SmsService(fx.directory, fx.accountStatus, new SmsRateLimiter(clock), failing, sms -> { },
                SmsStatusListener.NONE, SmsSettings.defaults());
        try {
            s.accept(KEY_A, new SendSms(A_NUMBER, "0612345678", "x"), T0);
            throw new AssertionError("expected the storage failure to surface");
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("db down");
        }
        assertThat(s.accept(KEY_A, new SendSms(A_NUMBER, "0612345678", "x"), T0))
                .isInstanceOf(SmsAcceptance.Accepted.class);
    }
}
