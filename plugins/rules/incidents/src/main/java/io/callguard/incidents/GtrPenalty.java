package io.callguard.incidents;

/**
 * The restoration-time penalty of CGV 10.2, as a share of the monthly subscription of the service under GTR, by the
 * business time to restoration: over 4 h (240 min) 10 %, over 6 h 30 (390 min) 20 %, over 8 h 30 (510 min) 30 %,
 * over 10 h (600 min) 100 %; "over" is strictly greater ("4h < Temps de Rétablissement <= 6h30 : 10 %").
 */
public final class GtrPenalty {
    /** The GTR itself: restoration within 4 business hours owes nothing. */
    public static final long GUARANTEE_MINUTES = 240;

    private GtrPenalty() { }

    /** The percent of the monthly subscription owed for a restoration after {@code businessMinutes}. */
    public static int percent(long businessMinutes) {
        if (businessMinutes < 0) throw new IllegalArgumentException("businessMinutes must not be negative: " + businessMinutes);
        if (businessMinutes > 600) return 100;
        if (businessMinutes > 510) return 30;
        if (businessMinutes > 390) return 20;
        if (businessMinutes > GUARANTEE_MINUTES) return 10;
        return 0;
    }

    /** {@code percent} of {@code monthlySubscriptionCents}, to the cent, half a cent up. */
    public static long cents(int percent, long monthlySubscriptionCents) {
        return Math.addExact(Math.multiplyExact(monthlySubscriptionCents, percent), 50) / 100;
    }
}
