package io.callguard.traffic.rules;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The rules of one account, each always present (the defaults fill what the account did not set). */
public record RuleSet(Map<TrafficRule, RuleSetting> settings) {
    public RuleSet {
        EnumMap<TrafficRule, RuleSetting> all = new EnumMap<>(TrafficRule.class);
        all.putAll(settings);
        for (TrafficRule r : TrafficRule.values()) Objects.requireNonNull(all.get(r), r.name());
        settings = Map.copyOf(all);
    }

    public RuleSetting get(TrafficRule rule) { return settings.get(rule); }

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (TrafficRule r : TrafficRule.values()) m.put(r.name(), settings.get(r).json(r));
        return m;
    }

    /** The stored form: one line per rule, {@code RULE action threshold thresholdSeconds factor minCalls}. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (TrafficRule r : TrafficRule.values()) {
            RuleSetting s = settings.get(r);
            out.append(r.name()).append(' ').append(s.action().code()).append(' ').append(s.threshold().toPlainString())
                    .append(' ').append(s.thresholdSeconds()).append(' ').append(s.factor().toPlainString()).append(' ')
                    .append(s.minCalls()).append('\n');
        }
        return out.toString();
    }

    /**
     * Reads {@link #text()}; a rule missing from it (or unreadable) takes its default: a text written before a rule
     * existed (SIP_TRANSACTION_RATE came after the first three) reads as that rule's default.
     */
    public static RuleSet parse(String text, RuleSet defaults) {
        Map<TrafficRule, RuleSetting> m = new EnumMap<>(defaults.settings());
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length != 6) continue;
            try {
                TrafficRule rule = TrafficRule.valueOf(f[0]);
                RuleAction action = RuleAction.fromCode(f[1]);
                if (action == null) continue;
                m.put(rule, new RuleSetting(action, new BigDecimal(f[2]), Long.parseLong(f[3]), new BigDecimal(f[4]),
                        Long.parseLong(f[5])));
            } catch (IllegalArgumentException e) {
                // an unreadable line keeps the default (never written by this module)
            }
        }
        return new RuleSet(m);
    }
}
