package io.callguard.records.build;

import java.util.Set;

/** The ITU-T E.164 country code at the head of an international number ({@code +4420…} → {@code +44}). */
final class CountryPrefixes {
    /** The two-digit country codes; 1 and 7 are the only one-digit ones, every other code has three digits. */
    private static final Set<String> TWO_DIGITS = Set.of(
            "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
            "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84",
            "86", "90", "91", "92", "93", "94", "95", "98");

    private CountryPrefixes() { }

    /** {@code +<code>} of a {@code +<digits>} number, empty when it is not one. */
    static String of(String normalised) {
        if (normalised == null || normalised.length() < 2 || normalised.charAt(0) != '+') return "";
        String digits = normalised.substring(1);
        for (int i = 0; i < digits.length(); i++) if (!Character.isDigit(digits.charAt(i))) return "";
        char first = digits.charAt(0);
        if (first == '1' || first == '7') return "+" + first;
        if (digits.length() >= 2 && TWO_DIGITS.contains(digits.substring(0, 2))) return "+" + digits.substring(0, 2);
        return digits.length() >= 3 ? "+" + digits.substring(0, 3) : "";
    }
}
