package io.callguard.core.state;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Credit reserved by the live calls of each account (R3, like a CGRateS {@code MaxUsage}): a call reserves what its
 * maximum duration may cost before it is allowed, so that the account's calls together never promise more than its
 * available credit. Atomic per account; time passed in; a reservation counts while its expiry is strictly after now
 * (a lost hang-up cannot hold credit forever). An implementation may be remote (one Redis script per operation):
 * nothing here assumes shared memory. Amounts are euro cents, {@code BigDecimal}, never {@code double}.
 */
public interface CreditReservations {
    /**
     * Reserves for {@code holder} under {@code accountId}, atomically against the account's live reservations:
     * with {@code free = limit - reserved}, the grant is {@code min(atMost, free × share)}, raised to {@code atLeast}
     * when that is smaller (and {@code free} still covers it); nothing when {@code free < atLeast}. So the sum of an
     * account's live reservations never exceeds the {@code limit} of any reserve that succeeded. A holder that
     * already holds a reservation gets it replaced.
     *
     * @param limitCents   the credit the account's calls may reserve together (its available credit)
     * @param share        the part of the free credit one call may take (0 &lt; share ≤ 1), so that later calls get some
     * @param atMostCents  the most this call can use (its maximum duration's cost)
     * @param atLeastCents the least worth reserving (the cost of its first increment)
     * @return the amount reserved, or empty when the free credit does not cover {@code atLeastCents}
     */
    Optional<BigDecimal> reserve(String accountId, String holder, BigDecimal limitCents, BigDecimal share,
                                 BigDecimal atMostCents, BigDecimal atLeastCents, Instant expiresAt, Instant now);

    /** {@link #reserve} without blocking the calling thread (a remote implementation's own; the default answers at once). */
    default CompletionStage<Optional<BigDecimal>> reserveAsync(String accountId, String holder, BigDecimal limitCents,
                                                              BigDecimal share, BigDecimal atMostCents,
                                                              BigDecimal atLeastCents, Instant expiresAt, Instant now) {
        try {
            return CompletableFuture.completedFuture(reserve(accountId, holder, limitCents, share, atMostCents,
                    atLeastCents, expiresAt, now));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Gives back the reservation of {@code holder}; the amount it held, or empty when it held none. */
    Optional<BigDecimal> release(String accountId, String holder);

    /** {@link #release} without blocking the calling thread (a hang-up or a refusal heard on the event loop). */
    default CompletionStage<Optional<BigDecimal>> releaseAsync(String accountId, String holder) {
        try {
            return CompletableFuture.completedFuture(release(accountId, holder));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Keeps {@code holder}'s reservation of {@code amountCents} until {@code expiresAt}, putting it back when the
     * backend lost it (a Redis restarted empty): the owner's renewal of a live call's lease. Never refused (the call
     * is live and its credit was granted); no limit is checked.
     */
    void renew(String accountId, String holder, BigDecimal amountCents, Instant expiresAt, Instant now);

    /** {@link #renew} without blocking the calling thread. */
    default CompletionStage<Void> renewAsync(String accountId, String holder, BigDecimal amountCents, Instant expiresAt,
                                             Instant now) {
        try {
            renew(accountId, holder, amountCents, expiresAt, now);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The sum of the account's live reservations at {@code now} (zero when none). */
    BigDecimal reserved(String accountId, Instant now);

    /** The number of the account's live reservations at {@code now}. */
    int count(String accountId, Instant now);
}
