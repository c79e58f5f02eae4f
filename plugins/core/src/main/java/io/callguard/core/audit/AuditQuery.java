package io.callguard.core.audit;

import java.time.Instant;

/**
 * Which audit entries to list.
 *
 * @param targetPrefix keep entries whose target starts with this ({@code account:acme}, {@code suspension:}); null or
 *                     empty for all
 * @param since        keep entries made at or after this instant; null for no lower bound
 * @param limit        at most this many entries, 1 to {@link #MAX_LIMIT}
 */
public record AuditQuery(String targetPrefix, Instant since, int limit) {
    public static final int MAX_LIMIT = 10_000;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: expected 1 to " + MAX_LIMIT + ", got " + limit);
        }
        targetPrefix = targetPrefix == null ? "" : targetPrefix;
    }

    /** The newest {@code limit} entries of every target. */
    public static AuditQuery latest(int limit) { return new AuditQuery("", null, limit); }

    public boolean matches(AuditEntry e) {
        return e.target().startsWith(targetPrefix) && (since == null || !e.at().isBefore(since));
    }
}
