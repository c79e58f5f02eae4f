package io.callguard.store;

import io.callguard.core.directory.Account;
import io.callguard.cti.keys.ApiKey;
import io.callguard.cti.keys.StoredApiKey;
import io.callguard.cti.sms.DuplicateSmsException;
import io.callguard.cti.sms.SmsMessage;
import io.callguard.cti.sms.SmsStatus;
import io.callguard.cti.sms.SmsStatusChange;
import io.callguard.cti.sms.SmsText;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link SqlApiKeyRepository} and {@link SqlSmsRepository} must do on every database behind {@link Store}
 * (mixed into its tests).
 */
interface CtiRepositoryContract {
    Instant T0 = Instant.parse("2025-01-06T09:00:00.123Z");
    Duration DAY = Duration.ofHours(24);

    /** An open, empty store (no accounts). */
    Store store();

    private void accounts() {
        store().insertAccount(new Account("acme", "ACME SA", 7200));
        store().insertAccount(new Account("globex", "Globex", 3600));
    }

    private static StoredApiKey key(String id, String account, int second, byte fill) {
        byte[] hash = new byte[32];
        Arrays.fill(hash, fill);
        hash[0] = (byte) 0xff;
        return new StoredApiKey(new ApiKey(id, account, "CRM " + id, T0.plusSeconds(second), null, null), hash);
    }

    private static SmsMessage sms(String id, String account, String idem, int second) {
        return SmsMessage.queued(id, account, "k1", "0140000000", "0612345678", "Bonjour é ✓ 😀 " + id,
                SmsText.analyze("Bonjour é ✓ 😀 " + id), false, idem, idem == null ? null : "https://crm.example/cb",
                T0.plusSeconds(second));
    }

    // --- API keys ---

    @Test
    default void apiKeysRoundTripEveryFieldAndTheHashExactly() {
        accounts();
        SqlApiKeyRepository repo = new SqlApiKeyRepository(store());
        StoredApiKey b = key("00000000000000bb", "acme", 5, (byte) 0x0b);
        StoredApiKey a = key("00000000000000aa", "acme", 1, (byte) 0x0a);
        StoredApiKey g = key("00000000000000cc", "globex", 3, (byte) 0x7f);
        repo.insert(b);
        repo.insert(a);
        repo.insert(g);

        assertThat(repo.get("00000000000000aa")).contains(a);
        assertThat(repo.get("00000000000000aa").orElseThrow().secretHash()).isEqualTo(a.secretHash());
        assertThat(repo.get("nope")).isEmpty();
        assertThat(repo.listByAccount("acme")).containsExactly(a.key(), b.key());
        assertThat(repo.all()).containsExactly(a, g, b);
    }

    @Test
    default void revokingIsConditionalAndScopedToTheAccount() {
        accounts();
        SqlApiKeyRepository repo = new SqlApiKeyRepository(store());
        repo.insert(key("00000000000000aa", "acme", 0, (byte) 1));

        assertThat(repo.revoke("globex", "00000000000000aa", T0.plusSeconds(9))).as("another account's key").isFalse();
        assertThat(repo.revoke("acme", "00000000000000aa", T0.plusSeconds(10))).isTrue();
        assertThat(repo.revoke("acme", "00000000000000aa", T0.plusSeconds(11))).as("already revoked").isFalse();
        assertThat(repo.revoke("acme", "unknown", T0)).isFalse();
        assertThat(repo.get("00000000000000aa").orElseThrow().key().revokedAt()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    default void lastUseOnlyMovesForward() {
        accounts();
        SqlApiKeyRepository repo = new SqlApiKeyRepository(store());
        repo.insert(key("00000000000000aa", "acme", 0, (byte) 1));

        repo.updateLastUsed("00000000000000aa", T0.plusSeconds(60));
        repo.updateLastUsed("00000000000000aa", T0.plusSeconds(30));
        assertThat(repo.get("00000000000000aa").orElseThrow().key().lastUsedAt()).isEqualTo(T0.plusSeconds(60));
        repo.updateLastUsed("00000000000000aa", T0.plusSeconds(61));
        assertThat(repo.get("00000000000000aa").orElseThrow().key().lastUsedAt()).isEqualTo(T0.plusSeconds(61));
    }

    @Test
    default void aDuplicateKeyIdOrAMissingAccountIsRefused() {
        accounts();
        SqlApiKeyRepository repo = new SqlApiKeyRepository(store());
        repo.insert(key("00000000000000aa", "acme", 0, (byte) 1));
        assertThatThrownBy(() -> repo.insert(key("00000000000000aa", "globex", 0, (byte) 2)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> repo.insert(key("00000000000000dd", "ghost", 0, (byte) 2)))
                .isInstanceOf(UnknownReferenceException.class).hasMessage("account 'ghost' does not exist");
    }

    // --- SMS ---

    @Test
    default void anSmsRoundTripsEveryFieldAndItsHistory() {
        accounts();
        SqlSmsRepository repo = new SqlSmsRepository(store());
        SmsMessage plain = sms("sms_1", "acme", null, 0);
        SmsMessage withKey = SmsMessage.queued("sms_2", "acme", "k2", "0140000000", "114", "Au secours",
                SmsText.analyze("Au secours"), true, "idem-1", "http://127.0.0.1:9/cb", T0.plusNanos(999_999));
        repo.insert(plain, T0.minus(DAY));
        repo.insert(withKey, T0.minus(DAY));

        assertThat(repo.get("sms_1")).contains(plain);
        SmsMessage read = repo.get("sms_2").orElseThrow();
        assertThat(read.acceptedAt()).as("kept to the millisecond").isEqualTo(T0);
        assertThat(read).isEqualTo(SmsMessage.queued("sms_2", "acme", "k2", "0140000000", "114", "Au secours",
                SmsText.analyze("Au secours"), true, "idem-1", "http://127.0.0.1:9/cb", T0));
        assertThat(repo.get("nope")).isEmpty();
    }

    @Test
    default void anIdempotencyKeyIsTakenOnceWithinThePeriodThenTakenOver() {
        accounts();
        SqlSmsRepository repo = new SqlSmsRepository(store());
        repo.insert(sms("sms_1", "acme", "order-42", 0), T0.minus(DAY));
        repo.insert(sms("sms_g", "globex", "order-42", 0), T0.minus(DAY)); // another account: its own key space

        assertThatThrownBy(() -> repo.insert(sms("sms_2", "acme", "order-42", 10), T0.plusSeconds(10).minus(DAY)))
                .isInstanceOf(DuplicateSmsException.class);
        assertThat(repo.get("sms_2")).as("rolled back").isEmpty();
        assertThat(repo.findByIdempotencyKey("acme", "order-42", T0.minus(DAY))).map(SmsMessage::id).contains("sms_1");
        assertThat(repo.findByIdempotencyKey("acme", "order-42", T0.plusSeconds(1))).as("older than notBefore").isEmpty();

        Instant later = T0.plus(DAY).plusSeconds(5);
        repo.insert(sms("sms_3", "acme", "order-42", (int) Duration.between(T0, later).toSeconds()), later.minus(DAY));
        assertThat(repo.findByIdempotencyKey("acme", "order-42", later.minus(DAY))).map(SmsMessage::id).contains("sms_3");
        assertThat(repo.get("sms_1").orElseThrow().idempotencyKey()).as("expired key released").isNull();
        assertThat(repo.findByIdempotencyKey("globex", "order-42", T0.minus(DAY))).map(SmsMessage::id).contains("sms_g");
    }

    @Test
    default void stateChangesHappenOnceFromQueuedWithTheirHistory() {
        accounts();
        SqlSmsRepository repo = new SqlSmsRepository(store());
        repo.insert(sms("sms_1", "acme", null, 0), T0.minus(DAY));
        repo.insert(sms("sms_2", "acme", null, 1), T0.minus(DAY));

        assertThat(repo.recordAttempt("sms_1").orElseThrow().attempts()).isEqualTo(1);
        assertThat(repo.recordAttempt("sms_1").orElseThrow().attempts()).isEqualTo(2);
        SmsMessage sent = repo.markSent("sms_1", 202, T0.plusSeconds(3)).orElseThrow();
        assertThat(sent.status()).isEqualTo(SmsStatus.SENT);
        assertThat(sent.history()).containsExactly(new SmsStatusChange(SmsStatus.QUEUED, T0, null, null),
                new SmsStatusChange(SmsStatus.SENT, T0.plusSeconds(3), 202, null));
        assertThat(repo.markSent("sms_1", 200, T0.plusSeconds(4))).as("sent once").isEmpty();
        assertThat(repo.markFailed("sms_1", 503, "sip 503", T0.plusSeconds(4))).isEmpty();
        assertThat(repo.recordAttempt("sms_1")).as("no attempt after the end").isEmpty();
        assertThat(repo.get("sms_1")).contains(sent);

        SmsMessage failed = repo.markFailed("sms_2", null, "timeout", T0.plusSeconds(40)).orElseThrow();
        assertThat(failed.lastChange()).isEqualTo(new SmsStatusChange(SmsStatus.FAILED, T0.plusSeconds(40), null, "timeout"));
        assertThat(repo.get("sms_2")).contains(failed);
        assertThat(repo.markSent("nope", 200, T0)).isEmpty();
    }

    @Test
    default void unsentSmsAreListedOldestFirst() {
        accounts();
        SqlSmsRepository repo = new SqlSmsRepository(store());
        repo.insert(sms("sms_c", "acme", null, 30), T0.minus(DAY));
        repo.insert(sms("sms_a", "globex", "x", 10), T0.minus(DAY));
        repo.insert(sms("sms_b", "acme", null, 20), T0.minus(DAY));
        repo.markSent("sms_b", 200, T0.plusSeconds(21));

        List<SmsMessage> unsent = repo.listUnsent();
        assertThat(unsent).extracting(SmsMessage::id).containsExactly("sms_a", "sms_c");
        assertThat(unsent.get(0)).isEqualTo(sms("sms_a", "globex", "x", 10));
    }

    @Test
    default void deletingAnAccountDeletesItsKeysAndSms() {
        accounts();
        SqlSmsRepository sms = new SqlSmsRepository(store());
        SqlApiKeyRepository keys = new SqlApiKeyRepository(store());
        keys.insert(key("00000000000000aa", "acme", 0, (byte) 1));
        keys.insert(key("00000000000000bb", "globex", 0, (byte) 1));
        sms.insert(sms("sms_1", "acme", null, 0), T0.minus(DAY));
        sms.markSent("sms_1", 200, T0.plusSeconds(1));
        sms.insert(sms("sms_2", "globex", null, 0), T0.minus(DAY));

        assertThat(store().deleteAccount("acme")).isTrue();
        assertThat(keys.all()).extracting(k -> k.key().id()).containsExactly("00000000000000bb");
        assertThat(sms.get("sms_1")).isEmpty();
        assertThat(sms.get("sms_2")).isPresent();
    }

    @Test
    default void ofConcurrentInsertsWithOneIdempotencyKeyExactlyOneWinsAndOfConcurrentOutcomesOneCounts()
            throws Exception {
        accounts();
        SqlSmsRepository repo = new SqlSmsRepository(store());
        int threads = 6;
        assertThat(race(threads, i -> () -> {
            try {
                repo.insert(sms("sms_" + i, "acme", "same", 0), T0.minus(DAY));
                return true;
            } catch (DuplicateSmsException e) {
                return false;
            }
        })).isEqualTo(1);

        String id = repo.findByIdempotencyKey("acme", "same", T0.minus(DAY)).orElseThrow().id();
        assertThat(race(threads, i -> () -> {
            Optional<SmsMessage> r = i % 2 == 0 ? repo.markSent(id, 200, T0.plusSeconds(i))
                    : repo.markFailed(id, 503, "sip 503", T0.plusSeconds(i));
            return r.isPresent();
        })).isEqualTo(1);
        assertThat(repo.get(id).orElseThrow().history()).hasSize(2);
    }

    private static int race(int threads, java.util.function.IntFunction<Callable<Boolean>> task) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Boolean> t = task.apply(i);
                results.add(pool.submit(() -> {
                    go.await(5, TimeUnit.SECONDS);
                    return t.call();
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> f : results) if (f.get(20, TimeUnit.SECONDS)) won++;
            return won;
        } finally {
            pool.shutdownNow();
        }
    }
}
