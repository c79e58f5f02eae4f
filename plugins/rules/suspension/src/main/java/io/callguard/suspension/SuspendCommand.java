package io.callguard.suspension;

import java.time.Instant;

/**
 * A request to suspend lines, as the admin API receives it.
 *
 * @param accountId       the account to suspend (required)
 * @param trunkId         one trunk of that account, or null (or blank) for the whole account
 * @param reason          the contract reason (required)
 * @param note            free text, optional (required for {@link SuspensionReason#OTHER}), at most 1000 characters
 * @param startsAt        when it takes effect; null for now. A start up to {@link Suspension#START_TOLERANCE} in the
 *                        past means now; further in the past is refused
 * @param hangUpLiveCalls at start, hang up the live outbound non-emergency calls (false: let them finish)
 * @param actor           who asks (required)
 */
public record SuspendCommand(String accountId, String trunkId, SuspensionReason reason, String note, Instant startsAt,
                             boolean hangUpLiveCalls, String actor) {
    public SuspendCommand {
        if (accountId == null || accountId.isBlank()) throw new IllegalArgumentException("accountId: required, got none");
        accountId = accountId.trim();
        trunkId = trunkId == null || trunkId.isBlank() ? null : trunkId.trim();
        if (reason == null) throw new IllegalArgumentException("reason: required, got none");
        if (actor == null || actor.isBlank()) throw new IllegalArgumentException("actor: required (who suspends), got none");
        actor = actor.trim();
        note = note == null ? "" : note;
    }

    /** An immediate suspension that lets live calls finish. */
    public static SuspendCommand now(String accountId, String trunkId, SuspensionReason reason, String note, String actor) {
        return new SuspendCommand(accountId, trunkId, reason, note, null, false, actor);
    }
}
