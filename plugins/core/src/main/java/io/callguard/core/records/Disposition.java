package io.callguard.core.records;

/**
 * How a call ended, in the words of Asterisk's CDR dispositions ({@code ANSWERED}, {@code NO ANSWER}, {@code BUSY},
 * {@code FAILED}, {@code CONGESTION}) plus callguard's own refusal ({@code DENIED}).
 */
public enum Disposition {
    ANSWERED("ANSWERED"),
    NO_ANSWER("NO ANSWER"),
    BUSY("BUSY"),
    FAILED("FAILED"),
    CONGESTION("CONGESTION"),
    /** callguard's verdict refused the call: it never reached the callee. */
    DENIED("DENIED");

    private final String label;

    Disposition(String label) { this.label = label; }

    /** The label as the CDR spells it ({@code NO ANSWER} with its space); what APIs and CSV show. */
    public String label() { return label; }

    /** The disposition of a label ({@code NO ANSWER} or {@code NO_ANSWER}), case-insensitive. */
    public static Disposition ofLabel(String label) {
        if (label == null) throw new IllegalArgumentException("disposition is required");
        String l = label.trim().toUpperCase(java.util.Locale.ROOT).replace('_', ' ');
        for (Disposition d : values()) if (d.label.equals(l)) return d;
        throw new IllegalArgumentException("unknown disposition: " + label);
    }
}
