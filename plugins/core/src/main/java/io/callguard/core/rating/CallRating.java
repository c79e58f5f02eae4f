package io.callguard.core.rating;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The price of one call, HT, and what it was computed from.
 *
 * @param planId        the tariff plan
 * @param planVersion   the plan's version in force when the call ended (a plan's versions never change)
 * @param rateId        the plan's line that matched the destination (e.g. {@code mobile}, {@code intl-44})
 * @param billedSeconds the seconds charged after the increments (e.g. 30 for a 12 s call with a first increment of
 *                      30 s); 0 for a free or unanswered call
 * @param amountCents   euro cents, HT, at most 4 decimals, never negative (connection fee, time, 08 service charge)
 */
public record CallRating(String planId, int planVersion, String rateId, long billedSeconds, BigDecimal amountCents) {
    /** Decimals kept on amounts: a ten-thousandth of a cent. */
    public static final int SCALE = 4;

    public CallRating {
        if (planId == null || planId.isBlank()) throw new IllegalArgumentException("planId is required");
        if (planVersion < 1) throw new IllegalArgumentException("planVersion must be at least 1: " + planVersion);
        if (rateId == null || rateId.isBlank()) throw new IllegalArgumentException("rateId is required");
        if (billedSeconds < 0) throw new IllegalArgumentException("billedSeconds is negative: " + billedSeconds);
        Objects.requireNonNull(amountCents, "amountCents");
        if (amountCents.signum() < 0) throw new IllegalArgumentException("amountCents is negative: " + amountCents);
        if (amountCents.stripTrailingZeros().scale() > SCALE) {
            throw new IllegalArgumentException("amountCents has more than " + SCALE + " decimals: " + amountCents);
        }
        amountCents = amountCents.setScale(SCALE);
    }
}
