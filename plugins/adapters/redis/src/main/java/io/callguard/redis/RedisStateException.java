package io.callguard.redis;

/** Redis failed or did not answer in time: the caller takes its failure mode (never waits longer). */
public final class RedisStateException extends RuntimeException {
    public RedisStateException(String message) { super(message); }

    public RedisStateException(String message, Throwable cause) { super(message, cause); }
}
