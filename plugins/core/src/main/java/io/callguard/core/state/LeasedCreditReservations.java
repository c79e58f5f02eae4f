package io.callguard.core.state;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credit this node's calls reserved on a shared backend, as leases (like the trunk slots): a reservation counts
 * {@link StateLease#time} at most unless this node renews it ({@link #renewAll}, every third of the lease while its
 * call lasts, never past the call's own expiry). A node that dies renews nothing, so the credit its calls held is
 * free again for the other nodes within the lease instead of the calls' maximum duration; a backend that lost the
 * reservations (Redis restarted empty) gets them back at the next renewal.
 *
 * <p>Remembers what it granted on this node (account, holder, amount, the call's own expiry) until released or
 * expired: that is what it renews. Everything else goes to the wrapped reservations as is.
 */
public final class LeasedCreditReservations implements CreditReservations {
    private record Key(String accountId, String holder) { }

    private record Held(BigDecimal amount, Instant callExpiresAt) { }

    private final CreditReservations shared;
    private final StateLease lease;
    private final Map<Key, Held> held = new ConcurrentHashMap<>();

    public LeasedCreditReservations(CreditReservations shared, StateLease lease) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.lease = Objects.requireNonNull(lease, "lease");
    }

    @Override
    public Optional<BigDecimal> reserve(String accountId, String holder, BigDecimal limitCents, BigDecimal share,
                                        BigDecimal atMostCents, BigDecimal atLeastCents, Instant expiresAt, Instant now) {
        Optional<BigDecimal> granted = shared.reserve(accountId, holder, limitCents, share, atMostCents, atLeastCents,
                leased(expiresAt, now), now);
        remember(accountId, holder, granted, expiresAt);
        return granted;
    }

    @Override
    public CompletionStage<Optional<BigDecimal>> reserveAsync(String accountId, String holder, BigDecimal limitCents,
                                                             BigDecimal share, BigDecimal atMostCents,
                                                             BigDecimal atLeastCents, Instant expiresAt, Instant now) {
        return shared.reserveAsync(accountId, holder, limitCents, share, atMostCents, atLeastCents, leased(expiresAt, now), now)
                .thenApply(granted -> {
                    remember(accountId, holder, granted, expiresAt);
                    return granted;
                });
    }

    @Override
    public Optional<BigDecimal> release(String accountId, String holder) {
        forget(accountId, holder);
        return shared.release(accountId, holder);
    }

    @Override
    public CompletionStage<Optional<BigDecimal>> releaseAsync(String accountId, String holder) {
        forget(accountId, holder);
        return shared.releaseAsync(accountId, holder);
    }

    @Override
    public void renew(String accountId, String holder, BigDecimal amountCents, Instant expiresAt, Instant now) {
        shared.renew(accountId, holder, amountCents, expiresAt, now);
    }

    @Override
    public CompletionStage<Void> renewAsync(String accountId, String holder, BigDecimal amountCents, Instant expiresAt,
                                            Instant now) {
        return shared.renewAsync(accountId, holder, amountCents, expiresAt, now);
    }

    @Override public BigDecimal reserved(String accountId, Instant now) { return shared.reserved(accountId, now); }

    @Override public int count(String accountId, Instant now) { return shared.count(accountId, now); }

    /**
     * Renews every reservation this node granted and still holds for one more lease, cut to its call's expiry; forgets
     * those whose call expired. Blocking (a remote backend): run it on a worker. A failure stops the turn and is thrown
     * (the next turn renews them; a reservation not renewed within its lease frees its credit, as a dead node's).
     *
     * @return how many were renewed
     */
    public int renewAll(Instant now) {
        int renewed = 0;
        for (Map.Entry<Key, Held> e : held.entrySet()) {
            Held h = e.getValue();
            if (!h.callExpiresAt().isAfter(now)) {
                held.remove(e.getKey(), h);
                continue;
            }
            shared.renew(e.getKey().accountId(), e.getKey().holder(), h.amount(), leased(h.callExpiresAt(), now), now);
            renewed++;
        }
        return renewed;
    }

    /** The lease its reservations live. */
    public StateLease lease() { return lease; }

    /** Reservations this node granted and holds (its live calls'). */
    public int held() { return held.size(); }

    private Instant leased(Instant expiresAt, Instant now) {
        Instant bound = now.plus(lease.time());
        return expiresAt.isAfter(bound) ? bound : expiresAt;
    }

    private void remember(String accountId, String holder, Optional<BigDecimal> granted, Instant callExpiresAt) {
        Key key = new Key(accountId, holder);
        if (granted.isPresent()) held.put(key, new Held(granted.get(), callExpiresAt));
        else held.remove(key); // a reserve replaces the holder's previous one, also when it is refused
    }

    private void forget(String accountId, String holder) {
        if (accountId != null && holder != null) held.remove(new Key(accountId, holder));
    }
}
