package io.callguard.traffic.rules;

import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.core.module.RouteResponse.InvalidFields.FieldError;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code PUT /admin/v1/accounts/{id}/traffic-rules}: one entry per rule, each field optional (a rule or field
 * left out takes its default). Every invalid field is named ({@code LOW_ASR.threshold}); nothing is written then.
 * {@code SIP_TRANSACTION_RATE} takes {@code action} only: its limit is the sip-rates module's
 * ({@code sipRates.transactionsPerSecond}) and a per-second rate has no daily sample.
 */
public final class RuleSetBody {
    /** The body's fields: one per rule. */
    public static final Set<String> FIELDS = Set.of("LOW_ASR", "SHORT_CALLS", "ABNORMAL_CONSUMPTION", "SIP_TRANSACTION_RATE");
    static final BigDecimal MAX_FACTOR = BigDecimal.valueOf(1000);
    static final long MAX_MIN_CALLS = 1_000_000;
    static final long MAX_SECONDS = 3600;

    private RuleSetBody() { }

    /** @throws InvalidFields naming each invalid field */
    public static RuleSet read(Map<String, Object> body, RuleSet defaults) {
        List<FieldError> errors = new ArrayList<>();
        Map<TrafficRule, RuleSetting> out = new EnumMap<>(defaults.settings());
        for (Map.Entry<String, Object> e : body.entrySet()) {
            TrafficRule rule;
            try {
                rule = TrafficRule.valueOf(e.getKey());
            } catch (IllegalArgumentException x) {
                errors.add(new FieldError(e.getKey(), "unknown rule (known: LOW_ASR, SHORT_CALLS, ABNORMAL_CONSUMPTION, SIP_TRANSACTION_RATE)"));
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> fields)) {
                errors.add(new FieldError(rule.name(), "must be an object"));
                continue;
            }
            RuleSetting d = defaults.get(rule);
            String p = rule.name() + ".";
            RuleAction action = d.action();
            Object a = fields.get("action");
            if (a != null) {
                action = a instanceof String s ? RuleAction.fromCode(s) : null;
                if (action == null) errors.add(new FieldError(p + "action", "must be off, alert or suspend"));
            }
            if (rule == TrafficRule.SIP_TRANSACTION_RATE) {
                for (Object k : fields.keySet()) {
                    if (!"action".equals(k)) {
                        errors.add(new FieldError(p + k, "unknown field (SIP_TRANSACTION_RATE takes only action: its limit"
                                + " is sipRates.transactionsPerSecond)"));
                    }
                }
                if (action != null) out.put(rule, d.withAction(action));
                continue;
            }
            String own = switch (rule) {
                case LOW_ASR -> "threshold";
                case SHORT_CALLS -> "thresholdSeconds";
                case ABNORMAL_CONSUMPTION -> "factor";
                case SIP_TRANSACTION_RATE -> throw new IllegalStateException("read above");
            };
            for (Object k : fields.keySet()) {
                if (!Set.of("action", "minCalls", own).contains(k)) errors.add(new FieldError(p + k, "unknown field"));
            }
            Long minCalls = integer(fields.get("minCalls"), p + "minCalls", 1, MAX_MIN_CALLS, d.minCalls(), errors);
            BigDecimal threshold = d.threshold();
            long seconds = d.thresholdSeconds();
            BigDecimal factor = d.factor();
            switch (rule) {
                case LOW_ASR -> threshold = decimal(fields.get("threshold"), p + "threshold", BigDecimal.ZERO,
                        BigDecimal.ONE, false, d.threshold(), errors);
                case SHORT_CALLS -> {
                    Long s = integer(fields.get("thresholdSeconds"), p + "thresholdSeconds", 1, MAX_SECONDS,
                            d.thresholdSeconds(), errors);
                    seconds = s == null ? seconds : s;
                }
                case ABNORMAL_CONSUMPTION -> factor = decimal(fields.get("factor"), p + "factor", BigDecimal.ONE,
                        MAX_FACTOR, true, d.factor(), errors);
                case SIP_TRANSACTION_RATE -> { }
            }
            if (action != null && minCalls != null && threshold != null && factor != null) {
                out.put(rule, new RuleSetting(action, threshold, seconds, factor, minCalls));
            }
        }
        if (!errors.isEmpty()) throw new InvalidFields(errors);
        return new RuleSet(out);
    }

    private static Long integer(Object v, String field, long min, long max, long absent, List<FieldError> errors) {
        if (v == null) return absent;
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min || ((Number) v).longValue() > max) {
            errors.add(new FieldError(field, "must be an integer " + min + ".." + max + ", got " + v));
            return null;
        }
        return ((Number) v).longValue();
    }

    /** A decimal in [min, max] ({@code minExclusive}: in (min, max]). */
    private static BigDecimal decimal(Object v, String field, BigDecimal min, BigDecimal max, boolean minExclusive,
                                      BigDecimal absent, List<FieldError> errors) {
        if (v == null) return absent;
        BigDecimal d = null;
        if (v instanceof Integer || v instanceof Long) d = BigDecimal.valueOf(((Number) v).longValue());
        else if (v instanceof Double x && Double.isFinite(x)) d = new BigDecimal(x.toString());
        int low = d == null ? -1 : d.compareTo(min);
        if (d == null || low < 0 || (minExclusive && low == 0) || d.compareTo(max) > 0) {
            errors.add(new FieldError(field, "must be a number " + (minExclusive ? "> " : "") + min.toPlainString()
                    + ".." + max.toPlainString() + ", got " + v));
            return null;
        }
        return d.stripTrailingZeros();
    }
}
