package io.callguard.traffic.rules;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One rule of one account. Only the field its rule reads is meaningful: {@code threshold} (LOW_ASR, a ratio),
 * {@code thresholdSeconds} (SHORT_CALLS), {@code factor} (ABNORMAL_CONSUMPTION); SIP_TRANSACTION_RATE reads only its
 * action (the others keep the defaults, unused).
 *
 * @param minCalls the minimum sample: under this many calls placed in the day the rule never fires (not
 *                 SIP_TRANSACTION_RATE: a per-second rate has no daily sample)
 */
public record RuleSetting(RuleAction action, BigDecimal threshold, long thresholdSeconds, BigDecimal factor, long minCalls) {
    public RuleSetting {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(factor, "factor");
    }

    public RuleSetting withAction(RuleAction a) { return new RuleSetting(a, threshold, thresholdSeconds, factor, minCalls); }

    /** As the admin API writes it for {@code rule}. */
    public Map<String, Object> json(TrafficRule rule) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", action.code());
        switch (rule) {
            case LOW_ASR -> m.put("threshold", threshold);
            case SHORT_CALLS -> m.put("thresholdSeconds", thresholdSeconds);
            case ABNORMAL_CONSUMPTION -> m.put("factor", factor);
            case SIP_TRANSACTION_RATE -> { return m; }
        }
        m.put("minCalls", minCalls);
        return m;
    }
}
