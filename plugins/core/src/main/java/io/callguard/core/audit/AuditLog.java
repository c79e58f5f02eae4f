package io.callguard.core.audit;

import java.util.List;

/**
 * The audit trail: every administrative write (accounts, trunks, numbers, suspensions…) appends one entry. The trail
 * is append-only: nothing updates or deletes an entry. Implementations may block (the store's is SQL): call them from
 * a worker thread, never from an event loop or the decision path.
 */
public interface AuditLog {
    /**
     * Stores {@code entry} (its id is ignored; the log assigns the next one, increasing with each append).
     *
     * @throws RuntimeException when it cannot be stored (the caller decides whether its change stands; a change
     *                          already in force, such as a suspension, is kept and the failure logged with the entry)
     */
    void append(AuditEntry entry);

    /** The entries matching {@code query}, newest first (highest id first), at most {@code query.limit()}. */
    List<AuditEntry> list(AuditQuery query);
}
