package io.callguard.core.state;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Keys remembered until an expiry, each with a value (what the first request under the key produced: an id): the
 * atomic "first one wins" of an Idempotency-Key. Time is passed in; an entry counts while its expiry is strictly
 * after now. An implementation may be remote ({@code SET key value NX PXAT expiry} in Redis): nothing here assumes
 * shared memory, and expired entries are dropped, so memory stays bounded by the keys alive.
 */
public interface IdempotencyKeys {
    /**
     * Stores {@code value} under {@code key} until {@code expiresAt} unless a live entry holds the key; atomic.
     *
     * @return empty when stored, else the value of the live entry already there (left unchanged)
     * @throws IllegalArgumentException on a blank key, a null value or {@code expiresAt} not after {@code now}
     */
    Optional<String> putIfAbsent(String key, String value, Instant expiresAt, Instant now);

    /** {@link #putIfAbsent} without blocking the calling thread (a remote implementation's own; the default answers at once). */
    default CompletionStage<Optional<String>> putIfAbsentAsync(String key, String value, Instant expiresAt, Instant now) {
        try {
            return CompletableFuture.completedFuture(putIfAbsent(key, value, expiresAt, now));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The value of the live entry under {@code key} at {@code now}. */
    Optional<String> get(String key, Instant now);

    /** Forgets {@code key} (the work it guarded failed and may be retried). True when an entry, live or expired, was there. */
    boolean remove(String key);

    /** Drops the entries expired at {@code now}; returns how many. */
    int expire(Instant now);
}
