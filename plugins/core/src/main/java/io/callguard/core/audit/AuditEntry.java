package io.callguard.core.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One administrative change, as the audit trail keeps it.
 *
 * @param id     the log's own sequence number; 0 before the entry is stored ({@link AuditLog#append} assigns it)
 * @param at     when the change was made
 * @param actor  who made it (the admin API's authenticated user, or {@code system} for automatic changes)
 * @param action what was done, {@code <object>.<verb>}: {@code account.create}, {@code suspension.lift}…
 * @param target what it was done to, {@code <kind>:<id>}: {@code account:acme}, {@code suspension:01J…}
 * @param before the object before the change, as JSON; null for a creation
 * @param after  the object after the change, as JSON; null for a deletion
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String before, String after) {
    public AuditEntry {
        if (id < 0) throw new IllegalArgumentException("id: must not be negative, got " + id);
        Objects.requireNonNull(at, "at");
        requireText("actor", actor);
        requireText("action", action);
        requireText("target", target);
    }

    /** An entry not yet stored (id 0). */
    public static AuditEntry of(Instant at, String actor, String action, String target, String before, String after) {
        return new AuditEntry(0, at, actor, action, target, before, after);
    }

    /** The same entry with the id the log gave it. */
    public AuditEntry withId(long newId) { return new AuditEntry(newId, at, actor, action, target, before, after); }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(field + ": required, got none");
    }
}
