package io.callguard.cti;

import io.callguard.cti.keys.ApiKeyService;
import io.callguard.cti.ratelimit.RequestRateLimiter;

import java.util.Objects;

/**
 * What the CTI listener checks on every request: the API key ({@link ApiKeyService#authenticate}, from memory) and
 * the key's request bucket. The CTI module offers it only with {@code cti.enabled}: its presence tells the app to
 * serve the CTI routes.
 */
public record CtiAccess(ApiKeyService keys, RequestRateLimiter limiter) {
    public CtiAccess {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(limiter, "limiter");
    }
}
