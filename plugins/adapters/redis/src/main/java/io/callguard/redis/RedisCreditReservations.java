package io.callguard.redis;

import io.callguard.core.state.CreditReservations;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import static io.callguard.redis.RedisStateClient.GRACE_MS;
import static io.callguard.redis.RedisStateClient.failed;
import static io.callguard.redis.RedisStateClient.ms;

/**
 * {@link CreditReservations} in Redis: per account a hash holder → amount (the decimal string, exact) and a sorted set
 * holder → expiry. The script sums and compares in integers of 1/10000 cent and computes {@code free × share} digit by
 * digit, so no amount ever goes through a double's fraction (Lua numbers are doubles): amounts must have at most
 * 4 decimals of a cent and stay below 9·10^11 cents, else {@link IllegalArgumentException}. The grant has the same
 * value and scale as the in-memory one's ({@code free × share} at scale 4, or {@code atMost}/{@code atLeast} as given).
 */
final class RedisCreditReservations implements CreditReservations {
    private static final RedisScript RESERVE = RedisScript.load("credit-reserve", "lib", "credit-lib");
    private static final RedisScript RELEASE = RedisScript.load("credit-release", "lib", "credit-lib");
    private static final RedisScript RESERVED = RedisScript.load("credit-reserved", "lib", "credit-lib");
    private static final RedisScript RENEW = RedisScript.load("credit-renew", "lib", "credit-lib");
    private static final int SCALE = 4;
    /** Below 2^53 units of 1/10000 cent: integers a double holds exactly. */
    private static final BigDecimal MAX_CENTS = new BigDecimal("900000000000");

    private final RedisStateClient client;

    RedisCreditReservations(RedisStateClient client) { this.client = client; }

    @Override
    public CompletionStage<Optional<BigDecimal>> reserveAsync(String accountId, String holder, BigDecimal limitCents,
                                                             BigDecimal share, BigDecimal atMostCents,
                                                             BigDecimal atLeastCents, Instant expiresAt, Instant now) {
        Object[] args;
        try {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(holder, "holder");
            if (share.signum() <= 0 || share.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("share must be in (0, 1], got " + share);
            }
            if (atLeastCents.signum() < 0 || atMostCents.signum() < 0) throw new IllegalArgumentException("negative amount");
            if (!expiresAt.isAfter(now)) throw new IllegalArgumentException("expiresAt must be after now");
            BigDecimal shareExact = share.stripTrailingZeros();
            if (shareExact.scale() > 18) throw new IllegalArgumentException("share has more than 18 decimals: " + share);
            int shareScale = Math.max(0, shareExact.scale());
            args = new Object[] {accountId, holder, units("limitCents", limitCents),
                    shareExact.movePointRight(shareScale).toBigIntegerExact().toString(), shareScale,
                    plain("atMostCents", atMostCents), plain("atLeastCents", atLeastCents), ms(expiresAt), ms(now),
                    GRACE_MS};
            if (ms(expiresAt) <= ms(now)) throw new IllegalArgumentException("expiresAt must be at least 1 ms after now");
        } catch (RuntimeException e) {
            return failed(e);
        }
        return client.eval(RESERVE, args).thenApply(r -> r == null ? Optional.empty() : Optional.of(new BigDecimal(r.toString())));
    }

    @Override
    public Optional<BigDecimal> reserve(String accountId, String holder, BigDecimal limitCents, BigDecimal share,
                                        BigDecimal atMostCents, BigDecimal atLeastCents, Instant expiresAt, Instant now) {
        return client.await(reserveAsync(accountId, holder, limitCents, share, atMostCents, atLeastCents, expiresAt, now));
    }

    @Override
    public Optional<BigDecimal> release(String accountId, String holder) { return client.await(releaseAsync(accountId, holder)); }

    @Override
    public CompletionStage<Optional<BigDecimal>> releaseAsync(String accountId, String holder) {
        if (accountId == null || holder == null) return java.util.concurrent.CompletableFuture.completedFuture(Optional.empty());
        return client.eval(RELEASE, accountId, holder)
                .thenApply(r -> r == null ? Optional.empty() : Optional.of(new BigDecimal(r.toString())));
    }

    @Override
    public CompletionStage<Void> renewAsync(String accountId, String holder, BigDecimal amountCents, Instant expiresAt,
                                            Instant now) {
        Object[] args;
        try {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(holder, "holder");
            if (amountCents.signum() < 0) throw new IllegalArgumentException("negative amount");
            if (ms(expiresAt) <= ms(now)) throw new IllegalArgumentException("expiresAt must be at least 1 ms after now");
            args = new Object[] {accountId, holder, plain("amountCents", amountCents), ms(expiresAt), ms(now), GRACE_MS};
        } catch (RuntimeException e) {
            return failed(e);
        }
        return client.eval(RENEW, args).thenApply(r -> (Void) null);
    }

    @Override
    public void renew(String accountId, String holder, BigDecimal amountCents, Instant expiresAt, Instant now) {
        client.await(renewAsync(accountId, holder, amountCents, expiresAt, now));
    }

    @Override
    public BigDecimal reserved(String accountId, Instant now) {
        if (accountId == null) return BigDecimal.ZERO;
        return client.await(client.eval(RESERVED, accountId, ms(now))
                .thenApply(r -> BigDecimal.valueOf(Long.parseLong(r.get(0).toString()), SCALE)));
    }

    @Override
    public int count(String accountId, Instant now) {
        if (accountId == null) return 0;
        return client.await(client.eval(RESERVED, accountId, ms(now)).thenApply(r -> r.get(1).toInteger()));
    }

    /** {@code cents} in integer units of 1/10000 cent, as the script's digits. */
    private static String units(String name, BigDecimal cents) {
        return new BigDecimal(plain(name, cents)).movePointRight(SCALE).toBigIntegerExact().toString();
    }

    /** {@code cents} as a plain decimal string the script parses; refused when the script could not keep it exact. */
    private static String plain(String name, BigDecimal cents) {
        BigDecimal v = cents.scale() > SCALE ? cents.stripTrailingZeros() : cents;
        if (v.scale() > SCALE) throw new IllegalArgumentException(name + " has more than " + SCALE + " decimals: " + cents);
        if (v.compareTo(MAX_CENTS) >= 0) throw new IllegalArgumentException(name + " is too large: " + cents);
        if (v.scale() < 0) v = v.setScale(0);
        return v.toPlainString();
    }
}
