package io.callguard.reports.api;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How the reports write amounts: euro cents as exact decimals, and euros for people. */
final class Money {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Money() { }

    /** Euro cents with their 4 decimals, {@code "2950.0000"}; null for null. */
    static String cents(BigDecimal cents) { return cents == null ? null : cents.setScale(4, RoundingMode.HALF_UP).toPlainString(); }

    /** Euros rounded half-up to the cent, {@code "29.50 €"}. */
    static String euros(BigDecimal cents) {
        return cents.divide(HUNDRED, 2, RoundingMode.HALF_UP).toPlainString() + " €";
    }
}
