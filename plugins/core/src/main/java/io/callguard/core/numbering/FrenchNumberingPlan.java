package io.callguard.core.numbering;

import java.util.Set;

/**
 * Normalises and classifies a dialled number under the French numbering plan (ARCEP).
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Separators (space {@code . - ( )}) are stripped; a single {@code +} is accepted before the first digit.
 *       Anything else (letters, {@code *}, {@code #}, tabs, a second or inner {@code +}) or no digit at all →
 *       INVALID, normalised to the dialled text unchanged.</li>
 *   <li>Without {@code +}, an exact match with the emergency list → EMERGENCY, normalised to the short number.</li>
 *   <li>{@code +33Z…} / {@code 0033Z…} → national {@code 0Z…} (also {@code +33 0Z…}, the trunk 0 kept after the
 *       country code, and {@code 33Z…} with 11 digits and no {@code +}, as carriers present E.164 numbers); a
 *       national number must have exactly 10 digits:
 *       01–05 GEOGRAPHIC, 06/07 MOBILE, 09 NON_GEOGRAPHIC, 0800–0805 SPECIAL_FREE, 0806–0809 SPECIAL_NORMAL,
 *       081/082/089 SPECIAL_SURCHARGED, 083–088 OTHER, 00… INVALID.</li>
 *   <li>{@code 00<digits>} / {@code +<digits>} elsewhere → INTERNATIONAL {@code +<digits>}, with 8 to 15 digits
 *       (E.164) and a country code not starting with 0, else INVALID.</li>
 *   <li>Other digit strings not starting with 0 → OTHER (short numbers such as 3949 or 116117), up to 15 digits
 *       (longer is not a dialable number: INVALID).</li>
 * </ol>
 *
 * <p>Runs on every decision, so it scans the text once into a small char buffer and uses no regex. Immutable and
 * thread-safe. {@link #classify(String)} never throws.
 */
public final class FrenchNumberingPlan {
    public static final Set<String> DEFAULT_EMERGENCY_NUMBERS =
            Set.of("15", "17", "18", "112", "114", "115", "119", "116000", "191", "196", "197");

    /** E.164: at most 15 digits, country code included. */
    static final int E164_MAX_DIGITS = 15;
    /** Shortest international number accepted (country code included). */
    static final int E164_MIN_DIGITS = 8;
    /** A French national number, trunk prefix 0 included. */
    static final int NATIONAL_LENGTH = 10;

    private final Set<String> emergencyNumbers;
    private final int longestEmergencyNumber;

    /**
     * @param emergencyNumbers the short numbers always routed; each must be non-empty and made of digits only
     * @throws IllegalArgumentException naming the first bad entry
     */
    public FrenchNumberingPlan(Set<String> emergencyNumbers) {
        if (emergencyNumbers == null) throw new IllegalArgumentException("emergency numbers: list is required");
        int longest = 0;
        for (String n : emergencyNumbers) {
            if (n == null || n.isEmpty() || !allDigits(n)) {
                throw new IllegalArgumentException("emergency numbers: '" + n + "' is not a number (digits only)");
            }
            longest = Math.max(longest, n.length());
        }
        this.emergencyNumbers = Set.copyOf(emergencyNumbers);
        this.longestEmergencyNumber = longest;
    }

    public static FrenchNumberingPlan withDefaults() { return new FrenchNumberingPlan(DEFAULT_EMERGENCY_NUMBERS); }

    public Set<String> emergencyNumbers() { return emergencyNumbers; }

    /** Never throws: garbage is INVALID. A null input is treated as the empty string. */
    public ClassifiedNumber classify(String dialled) {
        if (dialled == null) dialled = "";
        int len = dialled.length();
        char[] digits = new char[len];
        int n = 0;
        boolean plus = false;
        for (int i = 0; i < len; i++) {
            char c = dialled.charAt(i);
            if (c >= '0' && c <= '9') {
                digits[n++] = c;
            } else if (c == '+') {
                if (plus || n > 0) return invalid(dialled);
                plus = true;
            } else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')') {
                return invalid(dialled);
            }
        }
        if (n == 0) return invalid(dialled);

        if (plus) {
            if (n >= 2 && digits[0] == '3' && digits[1] == '3') return national(dialled, digits, 2, n);
            return international(dialled, digits, 0, n);
        }
        if (n <= longestEmergencyNumber) {
            String shortNumber = new String(digits, 0, n);
            if (emergencyNumbers.contains(shortNumber)) {
                return new ClassifiedNumber(dialled, shortNumber, NumberCategory.EMERGENCY, null);
            }
        }
        if (digits[0] == '0') {
            if (n >= 2 && digits[1] == '0') {
                if (n >= 4 && digits[2] == '3' && digits[3] == '3') return national(dialled, digits, 4, n);
                return international(dialled, digits, 2, n);
            }
            return n == NATIONAL_LENGTH ? classifyNational(dialled, new String(digits, 0, n)) : invalid(dialled);
        }
        // 33 + 9 digits without the '+': how many carriers present a French number (E.164 without its prefix).
        if (n == NATIONAL_LENGTH + 1 && digits[0] == '3' && digits[1] == '3' && digits[2] != '0') {
            return national(dialled, digits, 2, n);
        }
        if (n > E164_MAX_DIGITS) return invalid(dialled);
        return new ClassifiedNumber(dialled, new String(digits, 0, n), NumberCategory.OTHER, null);
    }

    /** digits[from..n) follow a +33 / 0033 / 33 prefix: prepend the trunk prefix 0 and classify. */
    private static ClassifiedNumber national(String dialled, char[] digits, int from, int n) {
        // "+33 (0)1 23 45 67 89": the trunk prefix 0 written after the country code, as people often do.
        if (n - from == NATIONAL_LENGTH && digits[from] == '0' && digits[from + 1] != '0') from++;
        if (n - from != NATIONAL_LENGTH - 1) return invalid(dialled);
        char[] nat = new char[NATIONAL_LENGTH];
        nat[0] = '0';
        System.arraycopy(digits, from, nat, 1, NATIONAL_LENGTH - 1);
        return classifyNational(dialled, new String(nat));
    }

    /** digits[from..n) are country code + subscriber number. */
    private static ClassifiedNumber international(String dialled, char[] digits, int from, int n) {
        int count = n - from;
        if (count < E164_MIN_DIGITS || count > E164_MAX_DIGITS || digits[from] == '0') return invalid(dialled);
        char[] e164 = new char[count + 1];
        e164[0] = '+';
        System.arraycopy(digits, from, e164, 1, count);
        return new ClassifiedNumber(dialled, new String(e164), NumberCategory.INTERNATIONAL, null);
    }

    /** {@code nat} is 10 digits starting with 0. */
    private static ClassifiedNumber classifyNational(String dialled, String nat) {
        char z = nat.charAt(1);
        switch (z) {
            case '1': case '2': case '3': case '4': case '5':
                return new ClassifiedNumber(dialled, nat, NumberCategory.GEOGRAPHIC, null);
            case '6': case '7':
                return new ClassifiedNumber(dialled, nat, NumberCategory.MOBILE, null);
            case '9':
                return new ClassifiedNumber(dialled, nat, NumberCategory.NON_GEOGRAPHIC, null);
            case '8':
                return classifySpecial(dialled, nat);
            default: // 00…: an international prefix cannot follow +33
                return invalid(dialled);
        }
    }

    private static ClassifiedNumber classifySpecial(String dialled, String nat) {
        switch (nat.charAt(2)) {
            case '0':
                return new ClassifiedNumber(dialled, nat,
                        nat.charAt(3) <= '5' ? NumberCategory.SPECIAL_FREE : NumberCategory.SPECIAL_NORMAL, null);
            case '1':
                return new ClassifiedNumber(dialled, nat, NumberCategory.SPECIAL_SURCHARGED, SurchargeTier.T081);
            case '2':
                return new ClassifiedNumber(dialled, nat, NumberCategory.SPECIAL_SURCHARGED, SurchargeTier.T082);
            case '9':
                return new ClassifiedNumber(dialled, nat, NumberCategory.SPECIAL_SURCHARGED, SurchargeTier.T089);
            default: // 083–088: not opened to services today
                return new ClassifiedNumber(dialled, nat, NumberCategory.OTHER, null);
        }
    }

    private static ClassifiedNumber invalid(String dialled) {
        return new ClassifiedNumber(dialled, dialled, NumberCategory.INVALID, null);
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }
}
