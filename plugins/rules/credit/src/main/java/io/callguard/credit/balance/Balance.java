package io.callguard.credit.balance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An account's balance as the admin and CTI APIs show it.
 *
 * @param outstandingCents unpaid + rated since asOf − paid since asOf + the live calls' reserved credit (4 decimals)
 * @param settledCents     the same without the live calls (what the automatic suspension compares)
 * @param thresholdCents   the account's credit threshold
 * @param asOf             the billing report's instant, null without report
 * @param liveCalls        the account's live calls holding a credit reservation
 */
public record Balance(BigDecimal outstandingCents, BigDecimal settledCents, long thresholdCents, Instant asOf,
                      int liveCalls) {
    /** What is left before the threshold, in cents (negative above it). */
    public BigDecimal availableCents() { return BigDecimal.valueOf(thresholdCents).subtract(outstandingCents); }

    /**
     * {@code {"outstandingCents","thresholdCents","availableCents","asOf","liveCalls"}}: whole cents, the outstanding
     * amount rounded up (the operator's side) and the available amount what is left of the threshold after it.
     */
    public Map<String, Object> json() {
        long outstanding = outstandingCents.setScale(0, RoundingMode.CEILING).longValueExact();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outstandingCents", outstanding);
        m.put("thresholdCents", thresholdCents);
        m.put("availableCents", thresholdCents - outstanding);
        m.put("asOf", asOf == null ? null : asOf.toString());
        m.put("liveCalls", liveCalls);
        return m;
    }
}
