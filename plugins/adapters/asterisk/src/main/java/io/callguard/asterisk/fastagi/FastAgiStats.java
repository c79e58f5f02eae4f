package io.callguard.asterisk.fastagi;

/**
 * A snapshot of the FastAGI server's counters since start (for the admin API and benchmarks).
 *
 * @param sessionsOpened        connections accepted
 * @param activeSessions        connections open now
 * @param allowed               decisions answered with ALLOW (whoever decided: policies, deadline, fallbacks)
 * @param denied                decisions answered with DENY
 * @param deadlineHits          sessions answered with the failure decision because the engine was too slow
 * @param policyErrors          sessions answered with the failure decision because the engine failed
 * @param unknownScripts        sessions that asked for a script other than {@code outbound}/{@code inbound}
 * @param malformed             sessions closed because their header was malformed, too long or too slow
 * @param hangupsBeforeDecision sessions whose caller hung up (or peer left) before the decision was sent
 * @param replyFailures         sessions closed on a missing or non-200 reply to a command
 */
public record FastAgiStats(long sessionsOpened, int activeSessions, long allowed, long denied, long deadlineHits,
                           long policyErrors, long unknownScripts, long malformed, long hangupsBeforeDecision,
                           long replyFailures) {
    /** Decisions sent to Asterisk, ALLOW and DENY together. */
    public long decisionsAnswered() { return allowed + denied; }
}
