package io.callguard.cti;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether an account may place outbound traffic now (R3–R6 suspensions). The suspension module implements it; the
 * CTI domain only reads it, so it never depends on how suspensions are stored. Implementations answer from memory
 * and never block.
 */
@FunctionalInterface
public interface AccountStatus {
    /** Never blocks anything (tests, or a deployment without the suspension module). */
    AccountStatus NEVER_BLOCKED = (accountId, lineId, now) -> Optional.empty();

    /**
     * Why outbound traffic of {@code accountId} is blocked at {@code now}, or empty when it is not. One read gives
     * both the verdict and its reason, so the two cannot disagree.
     *
     * @param lineId the trunk involved (click-to-call line, trunk of the SMS sender number); null when none: then
     *               only an account-wide block counts
     * @return a short machine-readable reason (e.g. {@code CREDIT_THRESHOLD}) when blocked
     */
    Optional<String> blockedReason(String accountId, String lineId, Instant now);

    default boolean outboundBlocked(String accountId, String lineId, Instant now) {
        return blockedReason(accountId, lineId, now).isPresent();
    }
}
