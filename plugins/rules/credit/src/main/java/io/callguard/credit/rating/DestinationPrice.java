package io.callguard.credit.rating;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What one destination costs under one tariff plan version: the matched line of the plan, resolved. Prices are euro
 * cents HT; time is charged by increments: the first {@code firstIncrementSeconds} (a minimum charge), then by
 * {@code nextIncrementSeconds} (1: per second, 60: per minute).
 *
 * @param planId                  the plan
 * @param planVersion             its version
 * @param rateId                  the plan's line (e.g. {@code mobile}, {@code intl-44}, {@code special-089})
 * @param free                    nothing is charged (emergency numbers, 080x, the plan's free lines)
 * @param connectionFeeCents      charged once per answered call
 * @param perMinuteCents          the price of a minute of the call itself
 * @param serviceChargePerMinuteCents an 08 number's service charge per minute (C+S: on top of the call's price), 0 if none
 * @param serviceChargePerCallCents   an 08 number's service charge per call, 0 if none
 * @param firstIncrementSeconds   the first charged block (at least 1)
 * @param nextIncrementSeconds    each following block (at least 1)
 */
public record DestinationPrice(String planId, int planVersion, String rateId, boolean free,
                               BigDecimal connectionFeeCents, BigDecimal perMinuteCents,
                               BigDecimal serviceChargePerMinuteCents, BigDecimal serviceChargePerCallCents,
                               int firstIncrementSeconds, int nextIncrementSeconds) {
    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);
    private static final int SCALE = io.callguard.core.rating.CallRating.SCALE;

    public DestinationPrice {
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(rateId, "rateId");
        connectionFeeCents = nonNegative(connectionFeeCents, "connectionFeeCents");
        perMinuteCents = nonNegative(perMinuteCents, "perMinuteCents");
        serviceChargePerMinuteCents = nonNegative(serviceChargePerMinuteCents, "serviceChargePerMinuteCents");
        serviceChargePerCallCents = nonNegative(serviceChargePerCallCents, "serviceChargePerCallCents");
        if (firstIncrementSeconds < 1) throw new IllegalArgumentException("firstIncrementSeconds must be at least 1");
        if (nextIncrementSeconds < 1) throw new IllegalArgumentException("nextIncrementSeconds must be at least 1");
    }

    /** The seconds charged for {@code seconds} of answered call: 0 stays 0, else rounded up to the increments. */
    public long billedSeconds(long seconds) {
        if (seconds <= 0 || free) return 0;
        if (seconds <= firstIncrementSeconds) return firstIncrementSeconds;
        long after = seconds - firstIncrementSeconds;
        long blocks = (after + nextIncrementSeconds - 1) / nextIncrementSeconds;
        return firstIncrementSeconds + blocks * nextIncrementSeconds;
    }

    /** Cents per second of call, service charge included. */
    public BigDecimal perSecondCents() {
        return perMinuteCents.add(serviceChargePerMinuteCents).divide(SIXTY, 10, RoundingMode.HALF_UP);
    }

    /**
     * The price of an answered call of {@code seconds} (billable seconds): connection fee, per-call service charge,
     * and the billed seconds at the per-minute prices; 0 when free; rounded half-up to {@link
     * io.callguard.core.rating.CallRating#SCALE} decimals of a cent.
     */
    public BigDecimal cost(long seconds) {
        if (free) return BigDecimal.ZERO.setScale(SCALE);
        long billed = billedSeconds(seconds);
        BigDecimal time = perMinuteCents.add(serviceChargePerMinuteCents).multiply(BigDecimal.valueOf(billed))
                .divide(SIXTY, SCALE, RoundingMode.HALF_UP);
        return connectionFeeCents.add(serviceChargePerCallCents).add(time).setScale(SCALE, RoundingMode.HALF_UP);
    }

    /**
     * The most seconds of answered call that {@code cents} pays for in full (whole increments only), capped at
     * {@code cap}; 0 when it does not pay for the first increment. A free destination gets {@code cap}.
     */
    public long secondsFor(BigDecimal cents, long cap) {
        if (free) return cap;
        if (cents.compareTo(cost(1)) < 0) return 0;
        BigDecimal perSecond = perMinuteCents.add(serviceChargePerMinuteCents);
        if (perSecond.signum() == 0) return cap;
        // after the fixed part and the first increment, whole next increments
        BigDecimal left = cents.subtract(cost(firstIncrementSeconds));
        BigDecimal blockCost = perSecond.multiply(BigDecimal.valueOf(nextIncrementSeconds)).divide(SIXTY, 10, RoundingMode.HALF_UP);
        long blocks = left.signum() <= 0 ? 0 : left.divide(blockCost, 0, RoundingMode.FLOOR).longValueExact();
        long seconds = firstIncrementSeconds + blocks * (long) nextIncrementSeconds;
        // the rounding of cost() may make the last block a fraction of a ten-thousandth dearer than blockCost
        while (seconds > firstIncrementSeconds && cost(seconds).compareTo(cents) > 0) seconds -= nextIncrementSeconds;
        return Math.min(seconds, cap);
    }

    private static BigDecimal nonNegative(BigDecimal v, String name) {
        Objects.requireNonNull(v, name);
        if (v.signum() < 0) throw new IllegalArgumentException(name + " is negative: " + v);
        return v;
    }
}
