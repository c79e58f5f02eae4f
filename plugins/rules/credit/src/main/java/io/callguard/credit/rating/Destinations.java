package io.callguard.credit.rating;

import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.numbering.SurchargeTier;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The destinations a plan's line may price, and the prefixes each accepts. Emergency numbers and 0800–0805 have no
 * line: they are free whatever a plan says (R6; ARCEP 2012-0856).
 */
final class Destinations {
    /** Every priced destination → the starts its prefixes must have ({@code ""}: any). */
    private static final Map<NumberCategory, List<String>> STARTS = new EnumMap<>(Map.of(
            NumberCategory.GEOGRAPHIC, List.of("01", "02", "03", "04", "05"),
            NumberCategory.MOBILE, List.of("06", "07"),
            NumberCategory.NON_GEOGRAPHIC, List.of("09"),
            NumberCategory.SPECIAL_NORMAL, List.of("0806", "0807", "0808", "0809"),
            NumberCategory.SPECIAL_SURCHARGED, List.of("081", "082", "089"),
            NumberCategory.INTERNATIONAL, List.of("+"),
            NumberCategory.OTHER, List.of("")));
    static final String KNOWN = "GEOGRAPHIC, MOBILE, NON_GEOGRAPHIC, SPECIAL_NORMAL, SPECIAL_SURCHARGED, "
            + "INTERNATIONAL, OTHER";
    /** The longest prefix kept: an E.164 number's 15 digits and its '+'. */
    static final int MAX_PREFIX = 16;

    private Destinations() { }

    /** The destination named {@code text} (case-insensitive), or the message saying why it is not one. */
    static Result<NumberCategory> destination(String text) {
        NumberCategory c;
        try {
            c = NumberCategory.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Result.error("unknown destination '" + text + "' (known: " + KNOWN + ")");
        }
        return switch (c) {
            case EMERGENCY -> Result.error("emergency numbers are always free (R6): a plan has no line for them");
            case SPECIAL_FREE -> Result.error("0800-0805 numbers are free to the caller (ARCEP 2012-0856): "
                    + "a plan has no line for them");
            case INVALID -> Result.error("INVALID is not a destination (known: " + KNOWN + ")");
            default -> Result.ok(c);
        };
    }

    /** The prefix in its stored form ({@code 0044} → {@code +44}), or why it does not fit {@code destination}. */
    static Result<String> prefix(NumberCategory destination, String text) {
        String p = text.replace(" ", "");
        if (destination == NumberCategory.INTERNATIONAL && p.startsWith("00")) p = "+" + p.substring(2);
        List<String> starts = STARTS.get(destination);
        if (p.isEmpty()) {
            if (destination == NumberCategory.INTERNATIONAL || destination == NumberCategory.SPECIAL_SURCHARGED) {
                return Result.error("is required for " + destination + " (" + example(destination) + ")");
            }
            return Result.ok("");
        }
        String digits = destination == NumberCategory.INTERNATIONAL && p.startsWith("+") ? p.substring(1) : p;
        if (digits.isEmpty() || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9') || p.length() > MAX_PREFIX) {
            return Result.error("'" + text + "' is not a prefix: " + example(destination));
        }
        if (destination == NumberCategory.INTERNATIONAL) {
            if (!p.startsWith("+") || digits.startsWith("0")) {
                return Result.error("'" + text + "' is not an international prefix: " + example(destination));
            }
            if (digits.startsWith("33")) {
                return Result.error("+33 is France: price French numbers by their destination (GEOGRAPHIC, MOBILE…)");
            }
            return Result.ok(p);
        }
        String fixed = p;
        if (starts.stream().noneMatch(fixed::startsWith)) {
            return Result.error("'" + text + "' does not start like a " + destination + " number: " + example(destination));
        }
        if (p.length() > 10) return Result.error("'" + text + "' is longer than a French number (10 digits)");
        return Result.ok(p);
    }

    /** The tier of an 081/082/089 prefix (valid for SPECIAL_SURCHARGED). */
    static SurchargeTier tier(String prefix) {
        for (SurchargeTier t : SurchargeTier.values()) if (prefix.startsWith(t.prefix())) return t;
        throw new IllegalArgumentException("no 08 tier for prefix " + prefix);
    }

    private static String example(NumberCategory d) {
        return switch (d) {
            case GEOGRAPHIC -> "digits starting with 01 to 05, e.g. 01";
            case MOBILE -> "digits starting with 06 or 07, e.g. 07";
            case NON_GEOGRAPHIC -> "digits starting with 09, e.g. 09";
            case SPECIAL_NORMAL -> "digits starting with 0806 to 0809";
            case SPECIAL_SURCHARGED -> "digits starting with 081, 082 or 089, e.g. 089 or 0899";
            case INTERNATIONAL -> "+ and a country code (and more digits), e.g. +44 or +447";
            default -> "digits, e.g. 3900 or 118";
        };
    }

    /** A value or the message saying what is wrong. */
    record Result<T>(T value, String error) {
        static <T> Result<T> ok(T value) { return new Result<>(value, null); }

        static <T> Result<T> error(String message) { return new Result<>(null, message); }

        Optional<T> get() { return Optional.ofNullable(value); }
    }
}
