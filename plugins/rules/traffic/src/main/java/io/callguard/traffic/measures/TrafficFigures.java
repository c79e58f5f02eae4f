package io.callguard.traffic.measures;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one account over one span (a Paris day, or the last 24 h), as read at one moment.
 *
 * @param placed               outbound calls placed
 * @param answered             of them, answered
 * @param billableSeconds      the answered calls' billable seconds
 * @param amountCents          the rated amounts (euro cents HT) of the calls that carry a rating
 * @param distinctDestinations distinct called numbers (normal form)
 * @param peakCallsPerSecond   the most calls placed within one second (by their start)
 * @param shortCalls           answered calls of fewer billable seconds than {@code shortCallSeconds}
 * @param mobileCalls          calls placed to French mobiles
 * @param shortCallSeconds     the bound that made a call short
 */
public record TrafficFigures(long placed, long answered, long billableSeconds, BigDecimal amountCents,
                             long distinctDestinations, long peakCallsPerSecond, long shortCalls, long mobileCalls,
                             long shortCallSeconds) {
    /** answered / placed, 4 decimals; 0 when nothing was placed. */
    public BigDecimal asr() { return ratio(answered, placed); }

    /** The average billable seconds of the answered calls, 1 decimal; 0 when none was answered. */
    public BigDecimal acdSeconds() {
        return answered == 0 ? BigDecimal.ZERO.setScale(1)
                : BigDecimal.valueOf(billableSeconds).divide(BigDecimal.valueOf(answered), 1, RoundingMode.HALF_UP);
    }

    public BigDecimal shortCallsShare() { return ratio(shortCalls, answered); }

    public BigDecimal mobileShare() { return ratio(mobileCalls, placed); }

    /** Billable minutes, 2 decimals. */
    public BigDecimal minutes() { return BigDecimal.valueOf(billableSeconds).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP); }

    static BigDecimal ratio(long part, long whole) {
        return whole == 0 ? BigDecimal.ZERO.setScale(4)
                : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }

    /** As the admin API writes them. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("placed", placed);
        m.put("answered", answered);
        m.put("asr", asr());
        m.put("acdSeconds", acdSeconds());
        m.put("billableSeconds", billableSeconds);
        m.put("minutes", minutes());
        m.put("amountCents", amountCents.toPlainString());
        m.put("distinctDestinations", distinctDestinations);
        m.put("peakCallsPerSecond", peakCallsPerSecond);
        m.put("shortCalls", shortCalls);
        m.put("shortCallsShare", shortCallsShare());
        m.put("shortCallSeconds", shortCallSeconds);
        m.put("mobileCalls", mobileCalls);
        m.put("mobileShare", mobileShare());
        return m;
    }
}
