package io.callguard.core.state;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This JVM's credit reservations: each account's reservations change under that account's lock (the map's compute),
 * so concurrent decisions on one account are serialised and never promise more than the limit together; different
 * accounts never wait for each other. Expired reservations are dropped when their account is next touched.
 */
public final class InMemoryCreditReservations implements CreditReservations {
    private static final int SCALE = 4;

    private record Held(BigDecimal amount, Instant expiresAt) { }

    private final ConcurrentHashMap<String, Map<String, Held>> byAccount = new ConcurrentHashMap<>();

    @Override
    public Optional<BigDecimal> reserve(String accountId, String holder, BigDecimal limitCents, BigDecimal share,
                                        BigDecimal atMostCents, BigDecimal atLeastCents, Instant expiresAt, Instant now) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(holder, "holder");
        if (share.signum() <= 0 || share.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("share must be in (0, 1], got " + share);
        }
        if (atLeastCents.signum() < 0 || atMostCents.signum() < 0) throw new IllegalArgumentException("negative amount");
        if (!expiresAt.isAfter(now)) throw new IllegalArgumentException("expiresAt must be after now");
        BigDecimal[] granted = new BigDecimal[1];
        byAccount.compute(accountId, (k, held) -> {
            Map<String, Held> next = held == null ? new HashMap<>() : held;
            next.values().removeIf(h -> !h.expiresAt().isAfter(now));
            next.remove(holder);
            BigDecimal reserved = sum(next);
            BigDecimal free = limitCents.subtract(reserved);
            if (free.compareTo(atLeastCents) < 0) return next.isEmpty() ? null : next;
            BigDecimal grant = free.multiply(share).setScale(SCALE, RoundingMode.FLOOR).min(atMostCents);
            if (grant.compareTo(atLeastCents) < 0) grant = atLeastCents;
            next.put(holder, new Held(grant, expiresAt));
            granted[0] = grant;
            return next;
        });
        return Optional.ofNullable(granted[0]);
    }

    @Override
    public Optional<BigDecimal> release(String accountId, String holder) {
        BigDecimal[] released = new BigDecimal[1];
        byAccount.computeIfPresent(accountId, (k, held) -> {
            Held h = held.remove(holder);
            if (h != null) released[0] = h.amount();
            return held.isEmpty() ? null : held;
        });
        return Optional.ofNullable(released[0]);
    }

    @Override
    public void renew(String accountId, String holder, BigDecimal amountCents, Instant expiresAt, Instant now) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(holder, "holder");
        if (amountCents.signum() < 0) throw new IllegalArgumentException("negative amount");
        if (!expiresAt.isAfter(now)) throw new IllegalArgumentException("expiresAt must be after now");
        byAccount.compute(accountId, (k, held) -> {
            Map<String, Held> next = held == null ? new HashMap<>() : held;
            next.put(holder, new Held(amountCents, expiresAt));
            return next;
        });
    }

    @Override
    public BigDecimal reserved(String accountId, Instant now) {
        BigDecimal[] total = {BigDecimal.ZERO};
        byAccount.computeIfPresent(accountId, (k, held) -> {
            held.values().removeIf(h -> !h.expiresAt().isAfter(now));
            total[0] = sum(held);
            return held.isEmpty() ? null : held;
        });
        return total[0];
    }

    @Override
    public int count(String accountId, Instant now) {
        int[] n = {0};
        byAccount.computeIfPresent(accountId, (k, held) -> {
            held.values().removeIf(h -> !h.expiresAt().isAfter(now));
            n[0] = held.size();
            return held.isEmpty() ? null : held;
        });
        return n[0];
    }

    private static BigDecimal sum(Map<String, Held> held) {
        BigDecimal total = BigDecimal.ZERO;
        for (Held h : held.values()) total = total.add(h.amount());
        return total;
    }
}
