package io.callguard.cti.sms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link SmsRepository} in memory: tests (a "restart" is a new service and dispatcher over the same instance) and a
 * store-less deployment (then a real restart loses the queue: use the SQL one in production). Thread-safe; every
 * method holds the instance lock, which also makes the conditional updates atomic.
 */
public final class InMemorySmsRepository implements SmsRepository {
    private final Map<String, SmsMessage> byId = new LinkedHashMap<>();
    /** accountId + '\n' + idempotency key → SMS id. */
    private final Map<String, String> byIdempotencyKey = new HashMap<>();

    @Override public synchronized void insert(SmsMessage sms, Instant idempotencyCutoff) {
        if (byId.containsKey(sms.id())) throw new IllegalStateException("duplicate SMS id " + sms.id());
        if (sms.idempotencyKey() != null) {
            String k = idemKey(sms.accountId(), sms.idempotencyKey());
            String holder = byIdempotencyKey.get(k);
            if (holder != null && !byId.get(holder).acceptedAt().isBefore(idempotencyCutoff)) {
                throw new DuplicateSmsException(sms.accountId(), sms.idempotencyKey());
            }
            byIdempotencyKey.put(k, sms.id());
        }
        byId.put(sms.id(), sms);
    }

    @Override public synchronized Optional<SmsMessage> get(String id) { return Optional.ofNullable(byId.get(id)); }

    @Override
    public synchronized Optional<SmsMessage> findByIdempotencyKey(String accountId, String key, Instant notBefore) {
        String id = byIdempotencyKey.get(idemKey(accountId, key));
        SmsMessage sms = id == null ? null : byId.get(id);
        if (sms == null || sms.acceptedAt().isBefore(notBefore)) return Optional.empty();
        return Optional.of(sms);
    }

    @Override public synchronized Optional<SmsMessage> recordAttempt(String id) {
        return updateQueued(id, s -> s.withAttempts(s.attempts() + 1));
    }

    @Override public synchronized Optional<SmsMessage> markSent(String id, int code, Instant at) {
        return updateQueued(id, s -> s.withChange(new SmsStatusChange(SmsStatus.SENT, at, code, null)));
    }

    @Override public synchronized Optional<SmsMessage> markFailed(String id, Integer code, String detail, Instant at) {
        return updateQueued(id, s -> s.withChange(new SmsStatusChange(SmsStatus.FAILED, at, code, detail)));
    }

    @Override public synchronized List<SmsMessage> listUnsent() {
        List<SmsMessage> out = new ArrayList<>();
        for (SmsMessage s : byId.values()) if (s.status() == SmsStatus.QUEUED) out.add(s);
        out.sort(Comparator.comparing(SmsMessage::acceptedAt));
        return out;
    }

    /** Every SMS stored (tests). */
    public synchronized List<SmsMessage> all() { return List.copyOf(byId.values()); }

    private Optional<SmsMessage> updateQueued(String id, UnaryOperator<SmsMessage> change) {
        SmsMessage s = byId.get(id);
        if (s == null || s.status() != SmsStatus.QUEUED) return Optional.empty();
        SmsMessage updated = change.apply(s);
        byId.put(id, updated);
        return Optional.of(updated);
    }

    private static String idemKey(String accountId, String key) { return accountId + '\n' + key; }
}
