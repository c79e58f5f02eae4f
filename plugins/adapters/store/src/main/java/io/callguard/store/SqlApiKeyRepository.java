package io.callguard.store;

import io.callguard.cti.keys.ApiKey;
import io.callguard.cti.keys.ApiKeyRepository;
import io.callguard.cti.keys.StoredApiKey;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * CTI API keys in the {@code cti_api_key} table: the SHA-256 of each secret (hex), never the secret. Blocking (JDBC):
 * call from a worker. Instants are kept to the millisecond ({@link SqlTimes}): give the key service a clock that
 * ticks in milliseconds so a listed key equals the issued one. Deleting an account deletes its keys.
 */
public final class SqlApiKeyRepository implements ApiKeyRepository {
    private static final String COLUMNS =
            "SELECT id, account_id, label, secret_hash, created_at, revoked_at, last_used_at FROM cti_api_key";
    private static final HexFormat HEX = HexFormat.of();

    private final Store store;

    public SqlApiKeyRepository(Store store) { this.store = Objects.requireNonNull(store, "store"); }

    /**
     * @throws IllegalStateException     its id is already stored
     * @throws UnknownReferenceException its account does not exist
     */
    @Override public void insert(StoredApiKey stored) {
        Objects.requireNonNull(stored, "key");
        ApiKey k = stored.key();
        store.withConnection("insert API key " + k.id(), c -> {
            try (PreparedStatement ps = Store.prepare(c, "INSERT INTO cti_api_key (id, account_id, label, secret_hash, "
                            + "created_at, revoked_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?)", k.id(), k.accountId(),
                    k.label(), HEX.formatHex(stored.secretHash()), SqlTimes.param(k.createdAt()),
                    SqlTimes.param(k.revokedAt()), SqlTimes.param(k.lastUsedAt()))) {
                ps.executeUpdate();
                return null;
            } catch (SQLException e) {
                String state = e.getSQLState();
                if (Store.UNIQUE_VIOLATION.equals(state)) throw new IllegalStateException("API key " + k.id() + " is already stored");
                if (Store.FOREIGN_KEY_VIOLATION.equals(state) || Store.H2_PARENT_MISSING.equals(state)) {
                    throw new UnknownReferenceException("account '" + k.accountId() + "' does not exist");
                }
                throw e;
            }
        });
    }

    @Override public Optional<StoredApiKey> get(String keyId) {
        return store.withConnection("find API key " + keyId,
                c -> Store.first(Store.select(c, COLUMNS + " WHERE id = ?", SqlApiKeyRepository::row, keyId)));
    }

    @Override public List<StoredApiKey> all() {
        return store.withConnection("list API keys",
                c -> Store.select(c, COLUMNS + " ORDER BY created_at, id", SqlApiKeyRepository::row));
    }

    @Override public List<ApiKey> listByAccount(String accountId) {
        return store.withConnection("list API keys of account '" + accountId + "'",
                c -> Store.select(c, COLUMNS + " WHERE account_id = ? ORDER BY created_at, id",
                        r -> row(r).key(), accountId));
    }

    /** Conditional: only a key of that account not yet revoked is revoked, so of two concurrent revokes one wins. */
    @Override public boolean revoke(String accountId, String keyId, Instant at) {
        Objects.requireNonNull(at, "at");
        return store.withConnection("revoke API key " + keyId, c -> {
            try (PreparedStatement ps = Store.prepare(c, "UPDATE cti_api_key SET revoked_at = ? "
                    + "WHERE id = ? AND account_id = ? AND revoked_at IS NULL", SqlTimes.param(at), keyId, accountId)) {
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Never moves last_used_at backwards (two nodes, or an old in-memory value, may write late). */
    @Override public void updateLastUsed(String keyId, Instant at) {
        Objects.requireNonNull(at, "at");
        store.withConnection("record the last use of API key " + keyId, c -> {
            Object t = SqlTimes.param(at);
            try (PreparedStatement ps = Store.prepare(c, "UPDATE cti_api_key SET last_used_at = ? "
                    + "WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)", t, keyId, t)) {
                ps.executeUpdate();
                return null;
            }
        });
    }

    private static StoredApiKey row(ResultSet r) throws SQLException {
        String id = r.getString(1);
        try {
            ApiKey key = new ApiKey(id, r.getString(2), r.getString(3), SqlTimes.read(r, 5), SqlTimes.read(r, 6),
                    SqlTimes.read(r, 7));
            return new StoredApiKey(key, HEX.parseHex(r.getString(4).trim()));
        } catch (IllegalArgumentException e) {
            throw new SQLException("API key row '" + id + "' cannot be read: " + e.getMessage(), e);
        }
    }
}
