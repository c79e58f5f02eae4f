package io.callguard.cti.keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ApiKeyRepository} in memory: tests and a store-less deployment. Thread-safe. */
public final class InMemoryApiKeyRepository implements ApiKeyRepository {
    private final ConcurrentHashMap<String, StoredApiKey> keys = new ConcurrentHashMap<>();

    @Override public void insert(StoredApiKey key) {
        if (keys.putIfAbsent(key.key().id(), key) != null) {
            throw new IllegalStateException("duplicate API key id " + key.key().id());
        }
    }

    @Override public Optional<StoredApiKey> get(String keyId) { return Optional.ofNullable(keys.get(keyId)); }

    @Override public List<StoredApiKey> all() { return List.copyOf(keys.values()); }

    @Override public List<ApiKey> listByAccount(String accountId) {
        List<ApiKey> out = new ArrayList<>();
        for (StoredApiKey s : keys.values()) if (s.key().accountId().equals(accountId)) out.add(s.key());
        out.sort(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id));
        return out;
    }

    @Override public boolean revoke(String accountId, String keyId, Instant at) {
        boolean[] changed = {false};
        keys.computeIfPresent(keyId, (id, s) -> {
            if (!s.key().accountId().equals(accountId) || s.key().revoked()) return s;
            changed[0] = true;
            return new StoredApiKey(s.key().withRevokedAt(at), s.secretHash());
        });
        return changed[0];
    }

    @Override public void updateLastUsed(String keyId, Instant at) {
        keys.computeIfPresent(keyId, (id, s) -> {
            Instant last = s.key().lastUsedAt();
            if (last != null && !at.isAfter(last)) return s;
            return new StoredApiKey(s.key().withLastUsedAt(at), s.secretHash());
        });
    }
}
