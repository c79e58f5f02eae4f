package io.callguard.cti.keys;

import java.util.Objects;

/**
 * A freshly issued key: the only time its secret exists outside the client's hands. {@link #toString()} hides it.
 *
 * @param key    the stored key
 * @param secret the bearer token to give the client: {@code cg_<id>_<43 base64url chars>}
 */
public record IssuedKey(ApiKey key, String secret) {
    public IssuedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
    }

    public String id() { return key.id(); }

    @Override public String toString() { return "IssuedKey[" + key + ", secret=***]"; }
}
