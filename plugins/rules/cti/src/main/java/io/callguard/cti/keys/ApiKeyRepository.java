package io.callguard.cti.keys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of API keys (hash only). Calls may block (JDBC): {@link ApiKeyService} calls it on issue, revoke, list,
 * {@link ApiKeyService#load()} and {@link ApiKeyService#persistLastUsed()}, never on {@code authenticate}.
 */
public interface ApiKeyRepository {
    /** Stores a new key. */
    void insert(StoredApiKey key);

    Optional<StoredApiKey> get(String keyId);

    /** Every key of every account, revoked ones included (to warm the authentication cache). */
    List<StoredApiKey> all();

    /** The account's keys, revoked ones included, oldest first. */
    List<ApiKey> listByAccount(String accountId);

    /** Sets revokedAt if the key exists, belongs to the account and is not revoked yet; true when it changed. */
    boolean revoke(String accountId, String keyId, Instant at);

    /** Moves lastUsedAt forward to {@code at} (never backwards). */
    void updateLastUsed(String keyId, Instant at);
}
