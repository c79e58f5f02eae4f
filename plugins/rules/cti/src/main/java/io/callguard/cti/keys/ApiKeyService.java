package io.callguard.cti.keys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues, lists, revokes and checks client API keys.
 *
 * <p>A secret is {@code cg_<id>_<32 random bytes, base64url without padding>}; the id (16 hex digits, no
 * {@code _}) is parsed back out of it to find the key, then the SHA-256 of the whole secret is compared with the
 * stored hash in constant time ({@link MessageDigest#isEqual}). SHA-256 without salt or a slow KDF is enough here:
 * the secret carries 256 bits of randomness from {@link SecureRandom}, so a stolen hash cannot be brute-forced or
 * looked up in a table, whereas a slow KDF (bcrypt, Argon2) only helps low-entropy human passwords and would cost
 * milliseconds of CPU on every API request.
 *
 * <p>{@link #authenticate} never touches the repository: every key (id, account, hash, revoked) lives in an
 * in-memory cache, filled by {@link #load()} at start and kept current by {@link #issue}, {@link #revoke} and
 * {@link #forgetAccount} on this node. With several service nodes, call {@link #load()} periodically so a key revoked
 * (or an account deleted) elsewhere stops working here. Cache writes are serialised with {@link #load()}, which holds
 * the lock across its repository read: a reload that read the repository just before a revocation or a deletion
 * cannot bring the key back after it.
 * The last use of a key is recorded in memory and written by {@link #persistLastUsed()} (a periodic job), so a busy
 * key does not cost one database write per request.
 */
public final class ApiKeyService {
    public static final String SECRET_PREFIX = "cg_";
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyService.class);
    private static final int SECRET_BYTES = 32;
    private static final int ID_BYTES = 8;
    private static final int MAX_LABEL = 200;
    private static final byte[] DUMMY_HASH = new byte[32];

    private final ApiKeyRepository repository;
    private final Clock clock;
    private final SecureRandom random;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    /** Serialises cache writes with {@link #load()}; {@link #authenticate} never takes it. */
    private final Object cacheWrites = new Object();

    /** One key as authentication sees it; lastUsed is advisory (written out by persistLastUsed). */
    private static final class Cached {
        final String accountId;
        final byte[] hash;
        volatile boolean revoked;
        volatile Instant lastUsed;
        volatile Instant persistedLastUsed;

        Cached(String accountId, byte[] hash, boolean revoked, Instant lastUsed) {
            this.accountId = accountId;
            this.hash = hash;
            this.revoked = revoked;
            this.lastUsed = lastUsed;
            this.persistedLastUsed = lastUsed;
        }
    }

    /** Where this node's issues and revocations are told to the other nodes sharing the store (none by default). */
    private volatile io.callguard.core.cluster.ChangeFeed feed = new io.callguard.core.cluster.LocalChangeFeed();

    /** The kind of change published when a key is issued or revoked; the id is the key's. */
    public static final String CHANGES = "cti.api-key";

    /** Publishes each key issued or revoked here ({@link #CHANGES}) after the store write. */
    public void publishChangesTo(io.callguard.core.cluster.ChangeFeed feed) { this.feed = java.util.Objects.requireNonNull(feed, "feed"); }

    public ApiKeyService(ApiKeyRepository repository, Clock clock) {
        this(repository, clock, new SecureRandom());
    }

    public ApiKeyService(ApiKeyRepository repository, Clock clock, SecureRandom random) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** (Re)loads every key from the repository into the cache; returns how many. Blocking. */
    public int load() {
        synchronized (cacheWrites) {
            List<StoredApiKey> all = repository.all();
            Map<String, Cached> fresh = new ConcurrentHashMap<>();
            for (StoredApiKey s : all) {
                ApiKey k = s.key();
                Cached old = cache.get(k.id());
                Instant used = max(k.lastUsedAt(), old == null ? null : old.lastUsed);
                Cached c = new Cached(k.accountId(), s.secretHash(), k.revoked(), used);
                c.persistedLastUsed = k.lastUsedAt();
                fresh.put(k.id(), c);
            }
            cache.keySet().retainAll(fresh.keySet());
            cache.putAll(fresh);
            return fresh.size();
        }
    }

    /**
     * Drops every cached key of {@code accountId}, at once on this node: call it when the account is deleted (the
     * database deletes its keys with it). Without this a deleted account's keys would keep authenticating, and act
     * for an account created again with the same id. Never touches the repository; thread-safe.
     *
     * @return how many keys were dropped
     */
    public int forgetAccount(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        int dropped = 0;
        synchronized (cacheWrites) {
            for (var it = cache.entrySet().iterator(); it.hasNext(); ) {
                if (it.next().getValue().accountId.equals(accountId)) {
                    it.remove();
                    dropped++;
                }
            }
        }
        if (dropped > 0) LOG.info("{} API key(s) of deleted account {} forgotten", dropped, accountId);
        return dropped;
    }

    /**
     * Whether {@code principal}'s key is still cached, unrevoked and of the same account: checked again right before
     * a request acts, since the key may have been revoked or its account deleted since {@link #authenticate}.
     * Never blocks.
     */
    public boolean stillValid(ApiKeyPrincipal principal) {
        Cached c = cache.get(principal.keyId());
        return c != null && !c.revoked && c.accountId.equals(principal.accountId());
    }

    /**
     * Issues a key for {@code accountId}. The returned secret is not kept anywhere: show it once.
     *
     * @param label free text, at most 200 characters; null means empty
     */
    public IssuedKey issue(String accountId, String label) {
        if (accountId == null || accountId.isBlank()) throw new IllegalArgumentException("accountId is required");
        String l = label == null ? "" : label.strip();
        if (l.length() > MAX_LABEL) throw new IllegalArgumentException("label is longer than " + MAX_LABEL + " characters");
        byte[] idBytes = new byte[ID_BYTES];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        byte[] secretBytes = new byte[SECRET_BYTES];
        random.nextBytes(secretBytes);
        String secret = SECRET_PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        byte[] hash = sha256(secret);
        ApiKey key = new ApiKey(id, accountId, l, clock.instant(), null, null);
        repository.insert(new StoredApiKey(key, hash));
        synchronized (cacheWrites) {
            cache.put(id, new Cached(accountId, hash, false, null));
        }
        feed.publish(CHANGES, id);
        LOG.info("API key {} issued for account {}", id, accountId);
        return new IssuedKey(key, secret);
    }

    /** The account's keys, revoked ones included, without secrets; lastUsedAt includes not yet persisted uses. */
    public List<ApiKey> list(String accountId) {
        List<ApiKey> out = new ArrayList<>();
        for (ApiKey k : repository.listByAccount(accountId)) {
            Cached c = cache.get(k.id());
            Instant used = max(k.lastUsedAt(), c == null ? null : c.lastUsed);
            out.add(used == k.lastUsedAt() ? k : k.withLastUsedAt(used));
        }
        return out;
    }

    /**
     * Revokes {@code keyId} of {@code accountId}; effective on this node at once.
     *
     * @return false when the account has no such key (unknown, or another account's) or it was already revoked
     */
    public boolean revoke(String accountId, String keyId) {
        Instant now = clock.instant();
        boolean changed = repository.revoke(accountId, keyId, now);
        synchronized (cacheWrites) {
            Cached c = cache.get(keyId);
            if (c != null && c.accountId.equals(accountId)) c.revoked = true;
        }
        if (changed) {
            feed.publish(CHANGES, keyId);
            LOG.info("API key {} of account {} revoked", keyId, accountId);
        }
        return changed;
    }

    /**
     * Checks a bearer token ({@code Authorization: Bearer <secret>}, the secret alone). Never blocks, never logs
     * the secret; the hash comparison takes the same time whether or not the key id exists.
     *
     * @return the key and its account, or empty for a malformed, unknown or revoked secret
     */
    public Optional<ApiKeyPrincipal> authenticate(String bearer) {
        if (bearer == null) return Optional.empty();
        String secret = bearer.strip();
        String id = idOf(secret);
        Cached c = id == null ? null : cache.get(id);
        byte[] presented = sha256(secret);
        boolean match = MessageDigest.isEqual(presented, c == null ? DUMMY_HASH : c.hash);
        if (!match || c == null || c.revoked) return Optional.empty();
        c.lastUsed = clock.instant();
        return Optional.of(new ApiKeyPrincipal(id, c.accountId));
    }

    /** Writes the last-use times gathered since the previous call; returns how many keys were written. Blocking. */
    public int persistLastUsed() {
        int n = 0;
        for (Map.Entry<String, Cached> e : cache.entrySet()) {
            Cached c = e.getValue();
            Instant used = c.lastUsed;
            if (used != null && (c.persistedLastUsed == null || used.isAfter(c.persistedLastUsed))) {
                repository.updateLastUsed(e.getKey(), used);
                c.persistedLastUsed = used;
                n++;
            }
        }
        return n;
    }

    /** The key id of a well-formed secret {@code cg_<16 hex>_<...>}, else null. */
    static String idOf(String secret) {
        if (!secret.startsWith(SECRET_PREFIX)) return null;
        int end = secret.indexOf('_', SECRET_PREFIX.length());
        if (end != SECRET_PREFIX.length() + 2 * ID_BYTES || end == secret.length() - 1) return null;
        return secret.substring(SECRET_PREFIX.length(), end);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static Instant max(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }
}
