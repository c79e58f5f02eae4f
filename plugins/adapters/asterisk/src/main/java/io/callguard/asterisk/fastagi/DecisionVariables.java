package io.callguard.asterisk.fastagi;

import io.callguard.core.policy.Decision;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dialplan's side of a {@link Decision}: one {@code CALLGUARD_*} channel variable per field (DESIGN's decision
 * contract, read by the shipped dialplan). The names are the FastAGI adapter's business, not the rules'.
 */
public final class DecisionVariables {
    public static final String VERDICT = "CALLGUARD_VERDICT";
    public static final String REASON = "CALLGUARD_REASON";
    public static final String CAUSE = "CALLGUARD_CAUSE";
    public static final String PROMPT = "CALLGUARD_PROMPT";
    public static final String MAX_SECONDS = "CALLGUARD_MAX_SECONDS";
    public static final String ANNOUNCEMENT = "CALLGUARD_ANNOUNCEMENT";

    private DecisionVariables() { }

    /** The channel variables to set, in a stable order, VERDICT first; null fields are left out. */
    public static Map<String, String> of(Decision d) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put(VERDICT, d.verdict().name());
        if (d.reason() != null) vars.put(REASON, d.reason());
        if (d.cause() != null) vars.put(CAUSE, Integer.toString(d.cause()));
        if (d.prompt() != null) vars.put(PROMPT, d.prompt());
        if (d.maxSeconds() != null) vars.put(MAX_SECONDS, Long.toString(d.maxSeconds()));
        if (d.announcement() != null) vars.put(ANNOUNCEMENT, d.announcement());
        return vars;
    }
}
