package io.callguard.credit.rating;

import io.callguard.core.rating.CallRating;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Amounts of euro cents as the plans hold them: {@link BigDecimal}, never negative, at most
 * {@link CallRating#SCALE} decimals (a ten-thousandth of a cent), at most {@link #MAX} — and never through a binary
 * floating-point number (a JSON {@code 1.5} is refused: {@code "1.5"} or an integer).
 */
public final class Cents {
    /** 1000 euros: above any per-minute price or fee of a telephone plan; a bigger figure is a typing mistake. */
    public static final BigDecimal MAX = BigDecimal.valueOf(100_000);
    public static final String RULE = "must be euro cents, an integer or a decimal string such as \"1.25\" "
            + "(0 to " + MAX.toPlainString() + ", at most " + CallRating.SCALE + " decimals)";

    private Cents() { }

    /** {@code null} → 0; otherwise the scale-{@link CallRating#SCALE} value. */
    static BigDecimal normal(BigDecimal v) {
        return (v == null ? BigDecimal.ZERO : v).setScale(CallRating.SCALE);
    }

    /**
     * An amount from a JSON value (Integer, Long, String) or a CSV cell (String, {@code ,} read as the decimal
     * point when {@code decimalComma}); empty when it is not a valid amount.
     */
    static Optional<BigDecimal> parse(Object value, boolean decimalComma) {
        BigDecimal v;
        if (value instanceof Integer || value instanceof Long) {
            v = BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof String s) {
            String text = s.trim();
            if (decimalComma) text = text.replace(',', '.');
            if (!text.matches("[0-9]{1,9}(\\.[0-9]{1,12})?")) return Optional.empty();
            v = new BigDecimal(text);
        } else {
            return Optional.empty();
        }
        if (v.signum() < 0 || v.compareTo(MAX) > 0) return Optional.empty();
        if (v.stripTrailingZeros().scale() > CallRating.SCALE) return Optional.empty();
        return Optional.of(v.setScale(CallRating.SCALE));
    }

    /** How an amount is written in the API's answers and audit: a decimal string without trailing zeros ("15", "4.5"). */
    public static String text(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }
}
