package io.callguard.core.state;

import io.callguard.core.limits.NodeScopedAllocations;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * One node's view of credit reservations shared by several nodes, as {@link NodeScopedAllocations} does for
 * allocations: a holder (a call's uniqueid) is stored as {@code <nodeId>|<holder>}, so that equal uniqueids of two
 * Asterisk servers are two reservations; the sums count every node's.
 */
public final class NodeScopedCreditReservations implements CreditReservations {
    private final CreditReservations shared;
    private final String prefix;

    public NodeScopedCreditReservations(CreditReservations shared, String nodeId) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.prefix = NodeScopedAllocations.holderPrefix(nodeId);
    }

    @Override
    public Optional<BigDecimal> reserve(String accountId, String holder, BigDecimal limitCents, BigDecimal share,
                                        BigDecimal atMostCents, BigDecimal atLeastCents, Instant expiresAt, Instant now) {
        return shared.reserve(accountId, prefix + holder, limitCents, share, atMostCents, atLeastCents, expiresAt, now);
    }

    @Override
    public CompletionStage<Optional<BigDecimal>> reserveAsync(String accountId, String holder, BigDecimal limitCents,
                                                              BigDecimal share, BigDecimal atMostCents,
                                                              BigDecimal atLeastCents, Instant expiresAt, Instant now) {
        return shared.reserveAsync(accountId, prefix + holder, limitCents, share, atMostCents, atLeastCents, expiresAt, now);
    }

    @Override
    public Optional<BigDecimal> release(String accountId, String holder) { return shared.release(accountId, prefix + holder); }

    @Override
    public CompletionStage<Optional<BigDecimal>> releaseAsync(String accountId, String holder) {
        return shared.releaseAsync(accountId, prefix + holder);
    }

    @Override
    public void renew(String accountId, String holder, BigDecimal amountCents, Instant expiresAt, Instant now) {
        shared.renew(accountId, prefix + holder, amountCents, expiresAt, now);
    }

    @Override
    public CompletionStage<Void> renewAsync(String accountId, String holder, BigDecimal amountCents, Instant expiresAt,
                                            Instant now) {
        return shared.renewAsync(accountId, prefix + holder, amountCents, expiresAt, now);
    }

    @Override
    public BigDecimal reserved(String accountId, Instant now) { return shared.reserved(accountId, now); }

    @Override
    public int count(String accountId, Instant now) { return shared.count(accountId, now); }
}
