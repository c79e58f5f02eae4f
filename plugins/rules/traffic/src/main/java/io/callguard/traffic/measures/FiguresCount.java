package io.callguard.traffic.measures;

import com.carrotsearch.hppc.BitMixer;
import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongIntHashMap;

import java.math.BigDecimal;

/**
 * {@link TrafficFigures} counted one call at a time, O(1) a call, in primitive fields and collections only (no object
 * per call: issue 13). Destinations are told apart by a 64-bit hash of their text: two numbers would have to share
 * one (odds of about 1 in 10^7 among a million destinations) to be counted once. Not thread-safe.
 */
final class FiguresCount {
    /** Short calls are counted under a bound of at most this (RuleSetBody.MAX_SECONDS): a histogram up to it. */
    static final int HISTOGRAM_SECONDS = 3601;

    private long placed, answered, seconds, mobile, peak, amount4;
    private final LongHashSet destinations = new LongHashSet();
    private final LongIntHashMap perSecond = new LongIntHashMap();
    private final int[] answeredBySeconds = new int[HISTOGRAM_SECONDS];

    /**
     * One call: its start (epoch milliseconds), whether answered, its billable seconds, its amount in ten-thousandths
     * of a cent, its destination's {@link #hash64} and whether that is a mobile number.
     */
    void add(long startedAtMillis, boolean isAnswered, long billableSeconds, long amountTenThousandths, long destination,
             boolean isMobile) {
        placed++;
        if (isAnswered) {
            answered++;
            seconds += billableSeconds;
            if (billableSeconds < HISTOGRAM_SECONDS) answeredBySeconds[(int) Math.max(0, billableSeconds)]++;
        }
        amount4 += amountTenThousandths;
        destinations.add(destination);
        if (isMobile) mobile++;
        peak = Math.max(peak, perSecond.addTo(Math.floorDiv(startedAtMillis, 1000), 1));
    }

    void add(PlacedCall c) {
        add(c.startedAt().toEpochMilli(), c.answered(), c.billableSeconds(), tenThousandths(c.amountCents()),
                hash64(c.destination()), c.mobile());
    }

    /** The figures, answered calls shorter than {@code shortCallSeconds} counted as short. */
    TrafficFigures figures(long shortCallSeconds) {
        long shortCalls = 0;
        int bound = (int) Math.min(HISTOGRAM_SECONDS, Math.max(0, shortCallSeconds));
        for (int s = 0; s < bound; s++) shortCalls += answeredBySeconds[s];
        return new TrafficFigures(placed, answered, seconds, BigDecimal.valueOf(amount4, 4), destinations.size(), peak,
                shortCalls, mobile, shortCallSeconds);
    }

    /** A rated amount (at most 4 decimals, CallRating) as a count of ten-thousandths of a cent. */
    static long tenThousandths(BigDecimal amountCents) {
        return amountCents.setScale(4).unscaledValue().longValueExact();
    }

    /** A 64-bit hash of a text (FNV-1a over its chars, then mixed). */
    static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return BitMixer.mix64(h);
    }
}
