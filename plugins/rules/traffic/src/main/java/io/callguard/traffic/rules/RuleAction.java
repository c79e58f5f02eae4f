package io.callguard.traffic.rules;

import java.util.Locale;

/** What a rule does when its measure crosses its threshold. */
public enum RuleAction {
    OFF, ALERT, SUSPEND;

    public String code() { return name().toLowerCase(Locale.ROOT); }

    /** The action of {@code code} ({@code off}, {@code alert}, {@code suspend}), or null when unknown. */
    public static RuleAction fromCode(String code) {
        for (RuleAction a : values()) if (a.code().equals(code)) return a;
        return null;
    }
}
