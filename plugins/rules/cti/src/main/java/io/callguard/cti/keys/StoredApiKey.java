package io.callguard.cti.keys;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the repository keeps for a key: its listing data and the SHA-256 of its secret (32 bytes).
 */
public record StoredApiKey(ApiKey key, byte[] secretHash) {
    public StoredApiKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secretHash, "secretHash");
        if (secretHash.length != 32) throw new IllegalArgumentException("secretHash must be a SHA-256 (32 bytes)");
        secretHash = secretHash.clone();
    }

    @Override public byte[] secretHash() { return secretHash.clone(); }

    @Override public boolean equals(Object o) {
        return o instanceof StoredApiKey s && key.equals(s.key) && Arrays.equals(secretHash, s.secretHash);
    }

    @Override public int hashCode() { return 31 * key.hashCode() + Arrays.hashCode(secretHash); }

    @Override public String toString() { return "StoredApiKey[" + key + "]"; }
}
