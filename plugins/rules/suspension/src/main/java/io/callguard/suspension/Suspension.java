package io.callguard.suspension;

import java.time.Duration;
import java.time.Instant;

/**
 * One suspension of a client's lines: the whole account ({@code trunkId} null) or one of its trunks. While it is
 * active the lines still receive calls and still reach emergency numbers, nothing else (R3–R6). Several may hold at
 * once; the lines work again only when none is active. Immutable; an ended suspension is kept as history.
 *
 * @param id              unique, assigned by the service (sortable by creation time)
 * @param accountId       the suspended account
 * @param trunkId         the suspended trunk of that account, or null for the whole account (all its trunks)
 * @param reason          why, with its contract article
 * @param note            free text, at most {@link #MAX_NOTE_LENGTH} characters; empty when none (never null)
 * @param createdBy       who asked for it
 * @param createdAt       when it was asked for
 * @param startsAt        when it takes effect: {@code createdAt} for an immediate one, later for a scheduled one
 *                        (CGV 8.4: notice, then suspension 8 days later)
 * @param hangUpLiveCalls at start, hang up the suspended lines' live outbound non-emergency calls (else they finish)
 * @param endedAt         when it was lifted or cancelled, null while open
 * @param endedBy         who lifted or cancelled it, null while open
 * @param endedHow        LIFTED or CANCELLED, null while open
 */
public record Suspension(String id, String accountId, String trunkId, SuspensionReason reason, String note,
                         String createdBy, Instant createdAt, Instant startsAt, boolean hangUpLiveCalls,
                         Instant endedAt, String endedBy, EndKind endedHow) {
    public static final int MAX_NOTE_LENGTH = 1000;
    public static final int MAX_ID_LENGTH = 100;
    public static final int MAX_ACTOR_LENGTH = 200;
    /**
     * How far before its creation a start may lie: a client asking to suspend "now" with its own clock slightly
     * behind is not refused (the service then starts it at creation).
     */
    public static final Duration START_TOLERANCE = Duration.ofSeconds(30);

    /** @throws IllegalArgumentException with a message naming the offending field */
    public Suspension {
        requireText("id", id, MAX_ID_LENGTH);
        requireText("accountId", accountId, MAX_ID_LENGTH);
        if (trunkId != null) requireText("trunkId", trunkId, MAX_ID_LENGTH);
        if (reason == null) throw new IllegalArgumentException("reason: required, got none");
        note = note == null ? "" : note;
        if (note.length() > MAX_NOTE_LENGTH) {
            throw new IllegalArgumentException("note: at most " + MAX_NOTE_LENGTH + " characters, got " + note.length());
        }
        if (reason.requiresNote() && note.isBlank()) {
            throw new IllegalArgumentException("note: required when the reason is " + reason.code() + " (say why)");
        }
        requireText("createdBy", createdBy, MAX_ACTOR_LENGTH);
        if (createdAt == null) throw new IllegalArgumentException("createdAt: required, got none");
        if (startsAt == null) throw new IllegalArgumentException("startsAt: required, got none");
        if (startsAt.isBefore(createdAt.minus(START_TOLERANCE))) {
            throw new IllegalArgumentException("startsAt: must not be before the creation time " + createdAt
                    + " (more than " + START_TOLERANCE.toSeconds() + " s in the past), got " + startsAt);
        }
        boolean ended = endedAt != null || endedBy != null || endedHow != null;
        if (ended) {
            if (endedAt == null || endedHow == null) {
                throw new IllegalArgumentException("endedAt, endedBy, endedHow: all set or all null, got endedAt="
                        + endedAt + ", endedBy=" + endedBy + ", endedHow=" + endedHow);
            }
            requireText("endedBy", endedBy, MAX_ACTOR_LENGTH);
        }
    }

    /** Whether it covers the whole account rather than one trunk. */
    public boolean accountWide() { return trunkId == null; }

    public boolean ended() { return endedAt != null; }

    /** Whether it blocks calls at {@code t}: started ({@code startsAt <= t}) and not ended by then. */
    public boolean isActiveAt(Instant t) {
        return !startsAt.isAfter(t) && (endedAt == null || t.isBefore(endedAt));
    }

    /** Whether at {@code t} it is still to come: not started and not ended by then. */
    public boolean isScheduledAt(Instant t) {
        return t.isBefore(startsAt) && (endedAt == null || t.isBefore(endedAt));
    }

    /** Its status at {@code t}. */
    public SuspensionStatus status(Instant t) {
        if (endedAt != null && !t.isBefore(endedAt)) {
            return endedHow == EndKind.CANCELLED ? SuspensionStatus.CANCELLED : SuspensionStatus.LIFTED;
        }
        return t.isBefore(startsAt) ? SuspensionStatus.SCHEDULED : SuspensionStatus.ACTIVE;
    }

    /** Whether it applies to calls on {@code trunk} of its account: account-wide, or that very trunk. */
    public boolean covers(String trunk) { return trunkId == null || trunkId.equals(trunk); }

    /** The same suspension, ended. */
    public Suspension end(EndKind how, String by, Instant at) {
        return new Suspension(id, accountId, trunkId, reason, note, createdBy, createdAt, startsAt, hangUpLiveCalls,
                at, by, how);
    }

    /** Audit-trail target of a suspension: {@code suspension:<id>}. */
    public String auditTarget() { return "suspension:" + id; }

    private static void requireText(String field, String value, int max) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(field + ": required, got none");
        if (value.length() > max) {
            throw new IllegalArgumentException(field + ": at most " + max + " characters, got " + value.length());
        }
    }
}
