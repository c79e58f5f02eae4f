package io.callguard.cti.keys;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored API key, as listed: never its secret.
 *
 * @param id         public identifier, also embedded in the secret ({@code cg_<id>_<random>})
 * @param accountId  the only account the key acts on
 * @param label      free text given at issue (e.g. "CRM production"), may be empty
 * @param createdAt  issue time
 * @param revokedAt  revocation time, null while the key is valid
 * @param lastUsedAt last successful authentication known to the store, null if never used
 */
public record ApiKey(String id, String accountId, String label, Instant createdAt, Instant revokedAt,
                     Instant lastUsedAt) {
    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean revoked() { return revokedAt != null; }

    public ApiKey withRevokedAt(Instant at) { return new ApiKey(id, accountId, label, createdAt, at, lastUsedAt); }

    public ApiKey withLastUsedAt(Instant at) { return new ApiKey(id, accountId, label, createdAt, revokedAt, at); }
}
