package io.callguard.credit.rating;

import io.callguard.core.directory.Ids;
import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.core.module.RouteResponse.InvalidFields.FieldError;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.numbering.SurchargeTier;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and checks a plan's values, whether they come from a JSON body ({@link TariffPlanJson}) or a CSV file
 * ({@link TariffPlanCsv}): one error per bad field, each naming where it is ({@code rates[2].perMinuteCents},
 * {@code line 4, perMinuteCents}), all of them at once; nothing is stored unless there is none.
 */
final class TariffPlanReader {
    /** The most lines a plan may have: every country code and then some. */
    static final int MAX_RATES = 5000;
    /** The longest increment: an hour. */
    static final int MAX_INCREMENT_SECONDS = 3600;
    static final int MAX_NAME = 200;
    /** A plan's defaults when it gives none: no connection fee, billed by the second from the first second. */
    static final Defaults BUILT_IN = new Defaults(BigDecimal.ZERO, 1, 1);
    /** The fields of a line, in documentation (and CSV) order. */
    static final List<String> RATE_FIELDS = List.of("id", "destination", "prefix", "free", "perMinuteCents",
            "connectionFeeCents", "serviceChargePerMinuteCents", "serviceChargePerCallCents", "firstIncrementSeconds",
            "nextIncrementSeconds");

    /** What a plan's lines take when they say nothing. */
    record Defaults(BigDecimal connectionFeeCents, int firstIncrementSeconds, int nextIncrementSeconds) { }

    /** The values of one line (or of the plan's defaults), and where each is, for the messages. */
    interface Values {
        /** The value of {@code field}, null when absent (or an empty CSV cell). */
        Object get(String field);

        /** How an error names {@code field} of these values. */
        String where(String field);
    }

    private final List<FieldError> errors = new ArrayList<>();
    private final boolean decimalComma;

    /** @param decimalComma read {@code 1,5} as 1.5 (a CSV separated by semicolons, as French spreadsheets write it) */
    TariffPlanReader(boolean decimalComma) { this.decimalComma = decimalComma; }

    void error(String where, String message) { errors.add(new FieldError(where, message)); }

    boolean valid() { return errors.isEmpty(); }

    /** @throws InvalidFields every error found, in the order found */
    void throwIfInvalid() {
        if (!errors.isEmpty()) throw new InvalidFields(errors);
    }

    String name(Values v, String field) {
        Object value = v.get(field);
        if (value == null) return "";
        if (!(value instanceof String s)) {
            error(v.where(field), "must be a string");
            return "";
        }
        if (s.length() > MAX_NAME) error(v.where(field), "at most " + MAX_NAME + " characters, got " + s.length());
        return s;
    }

    /** The plan's defaults, each overriding the built-in one when given. */
    Defaults defaults(Values v) {
        BigDecimal fee = cents(v, "connectionFeeCents", BUILT_IN.connectionFeeCents());
        int first = increment(v, "firstIncrementSeconds", BUILT_IN.firstIncrementSeconds());
        int next = increment(v, "nextIncrementSeconds", BUILT_IN.nextIncrementSeconds());
        return new Defaults(fee, first, next);
    }

    /** One line, or null when it is invalid (its errors recorded). */
    TariffRate rate(Values v, Defaults d) {
        int before = errors.size();
        String id = text(v, "id", true);
        if (id != null && !Ids.valid(id)) error(v.where("id"), Ids.RULE + ", got '" + id + "'");
        NumberCategory destination = null;
        String destText = text(v, "destination", true);
        if (destText != null) {
            Destinations.Result<NumberCategory> r = Destinations.destination(destText);
            if (r.error() != null) error(v.where("destination"), r.error());
            destination = r.value();
        }
        String prefix = "";
        String prefixText = text(v, "prefix", false);
        if (destination != null) {
            Destinations.Result<String> r = Destinations.prefix(destination, prefixText == null ? "" : prefixText);
            if (r.error() != null) error(v.where("prefix"), r.error());
            else prefix = r.value();
        }
        Boolean freeValue = bool(v, "free");
        boolean free = Boolean.TRUE.equals(freeValue);
        boolean freeUnreadable = v.get("free") != null && freeValue == null;
        BigDecimal perMinute = cents(v, "perMinuteCents", null);
        BigDecimal fee = cents(v, "connectionFeeCents", d.connectionFeeCents());
        BigDecimal servicePerMinute = cents(v, "serviceChargePerMinuteCents", BigDecimal.ZERO);
        BigDecimal servicePerCall = cents(v, "serviceChargePerCallCents", BigDecimal.ZERO);
        int first = increment(v, "firstIncrementSeconds", d.firstIncrementSeconds());
        int next = increment(v, "nextIncrementSeconds", d.nextIncrementSeconds());
        // A zero is as good as nothing (a plan read back from the API carries every field): only a price is refused.
        if (free) {
            for (String f : List.of("perMinuteCents", "connectionFeeCents", "serviceChargePerMinuteCents",
                    "serviceChargePerCallCents")) {
                if (nonZero(v, f)) error(v.where(f), "a free line takes no price (free is true)");
            }
            perMinute = BigDecimal.ZERO;
            fee = BigDecimal.ZERO;
            servicePerMinute = BigDecimal.ZERO;
            servicePerCall = BigDecimal.ZERO;
        } else if (perMinute == null && v.get("perMinuteCents") == null && !freeUnreadable) {
            error(v.where("perMinuteCents"), "is required (or free: true)");
        }
        if (destination != null && destination != NumberCategory.SPECIAL_SURCHARGED) {
            for (String f : List.of("serviceChargePerMinuteCents", "serviceChargePerCallCents")) {
                if (nonZero(v, f)) error(v.where(f), "only an 081/082/089 line (SPECIAL_SURCHARGED) has a service charge");
            }
        } else if (destination != null && !free && !prefix.isEmpty() && servicePerMinute != null && servicePerCall != null) {
            serviceCharge(v, Destinations.tier(prefix), servicePerMinute, servicePerCall);
        }
        if (errors.size() > before) return null;
        return new TariffRate(id, destination, prefix, free, fee, perMinute, servicePerMinute, servicePerCall, first, next);
    }

    /** ARCEP's C+S rule (decision 2012-0856): a service charge per minute or per call, within the tier's ceiling. */
    private void serviceCharge(Values v, SurchargeTier tier, BigDecimal perMinute, BigDecimal perCall) {
        boolean byMinute = perMinute.signum() > 0;
        boolean byCall = perCall.signum() > 0;
        if (byMinute && byCall) {
            error(v.where("serviceChargePerCallCents"), "a service charge is per minute or per call, not both "
                    + "(ARCEP 2012-0856)");
        } else if (!byMinute && !byCall) {
            error(v.where("serviceChargePerMinuteCents"), "an " + tier.prefix() + " number carries a service charge: "
                    + "give serviceChargePerMinuteCents or serviceChargePerCallCents (or free: true)");
        } else if (byMinute && perMinute.compareTo(BigDecimal.valueOf(tier.maxCentsPerMinute())) > 0) {
            error(v.where("serviceChargePerMinuteCents"), "at most " + tier.maxCentsPerMinute() + " cents per minute on "
                    + tier.prefix() + " numbers (ARCEP 2012-0856), got " + Cents.text(perMinute));
        } else if (byCall && perCall.compareTo(BigDecimal.valueOf(tier.maxCentsPerCall())) > 0) {
            error(v.where("serviceChargePerCallCents"), "at most " + tier.maxCentsPerCall() + " cents per call on "
                    + tier.prefix() + " numbers (ARCEP 2012-0856), got " + Cents.text(perCall));
        }
    }

    /**
     * Checks the lines together: ids unique, one line per destination and prefix, at least one line, at most
     * {@link #MAX_RATES}.
     *
     * @param where how an error names field {@code f} of line {@code i} (0-based)
     */
    void together(List<TariffRate> rates, java.util.function.BiFunction<Integer, String, String> where,
                  String wholeField) {
        if (rates.isEmpty()) error(wholeField, "a plan has at least one line");
        if (rates.size() > MAX_RATES) error(wholeField, "at most " + MAX_RATES + " lines, got " + rates.size());
        Map<String, Integer> ids = new HashMap<>();
        Map<String, Integer> keys = new HashMap<>();
        for (int i = 0; i < rates.size(); i++) {
            TariffRate r = rates.get(i);
            if (r == null) continue;
            Integer sameId = ids.putIfAbsent(r.id().toLowerCase(Locale.ROOT), i);
            if (sameId != null) error(where.apply(i, "id"), "'" + r.id() + "' is already the id of " + where.apply(sameId, "id"));
            Integer sameKey = keys.putIfAbsent(r.destination() + " " + r.prefix(), i);
            if (sameKey != null) {
                error(where.apply(i, "prefix"), "another line prices " + r.destination()
                        + (r.prefix().isEmpty() ? " without prefix" : " prefix " + r.prefix()) + ": "
                        + where.apply(sameKey, "id"));
            }
        }
    }

    /** Whether {@code field} holds an amount other than 0 (an unreadable one counts: its own error says why). */
    private boolean nonZero(Values v, String field) {
        Object value = v.get(field);
        if (value == null) return false;
        return Cents.parse(value, decimalComma).map(c -> c.signum() != 0).orElse(true);
    }

    private String text(Values v, String field, boolean required) {
        Object value = v.get(field);
        if (value == null) {
            if (required) error(v.where(field), "is required");
            return null;
        }
        if (!(value instanceof String s)) {
            error(v.where(field), "must be a string");
            return null;
        }
        if (required && s.isBlank()) {
            error(v.where(field), "is required");
            return null;
        }
        return s.trim();
    }

    private BigDecimal cents(Values v, String field, BigDecimal fallback) {
        Object value = v.get(field);
        if (value == null) return fallback;
        Optional<BigDecimal> c = Cents.parse(value, decimalComma);
        if (c.isEmpty()) {
            error(v.where(field), Cents.RULE + ", got " + shown(value));
            return fallback == null ? BigDecimal.ZERO : fallback;
        }
        return c.get();
    }

    private int increment(Values v, String field, int fallback) {
        Object value = v.get(field);
        if (value == null) return fallback;
        Long n = null;
        if (value instanceof Integer || value instanceof Long) n = ((Number) value).longValue();
        else if (value instanceof String s && s.trim().matches("[0-9]{1,9}")) n = Long.parseLong(s.trim());
        if (n == null || n < 1 || n > MAX_INCREMENT_SECONDS) {
            error(v.where(field), "must be whole seconds, 1.." + MAX_INCREMENT_SECONDS + ", got " + shown(value));
            return fallback;
        }
        return n.intValue();
    }

    private Boolean bool(Values v, String field) {
        Object value = v.get(field);
        if (value == null) return null;
        if (value instanceof Boolean b) return b;
        if (value instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("yes")) return true;
            if (t.equals("false") || t.equals("no")) return false;
        }
        error(v.where(field), "must be true or false, got " + shown(value));
        return null;
    }

    private static String shown(Object value) {
        if (value instanceof String s) return "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
        if (value instanceof Double) return value + " (a JSON fraction: write it as a string, e.g. \"" + value + "\")";
        return String.valueOf(value);
    }
}
