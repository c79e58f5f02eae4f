package io.callguard.suspension;

/**
 * Why lines are suspended, each reason with the article of the operator's contract (CGV IMS-Partners, 1 October
 * 2018) that allows it. Article 12.1 lists every case; 8.2 and 8.4 describe two of them in detail, so those cite
 * their own article. In every case the suspended lines still receive calls and still reach emergency numbers (R6).
 */
public enum SuspensionReason {
    /** Outstanding amount above the credit threshold: suspended automatically until paid or raised (R3). */
    CREDIT_THRESHOLD("CGV 8.2", "outstanding amount above the credit threshold (seuil d'encours)"),
    /** A payment reminder unanswered 6 working days, then a formal notice unanswered 8 days (R4). */
    NON_PAYMENT("CGV 8.4", "non-payment 8 days after the formal notice (mise en demeure)"),
    /** Awaiting the deposit, guarantee or advance on consumption (required under CGV 6.1). */
    MISSING_DEPOSIT("CGV 12.1", "awaiting the deposit, guarantee or advance on consumption"),
    /** Awaiting the client's performance of one of its contractual obligations. */
    AWAITED_OBLIGATION("CGV 12.1", "awaiting the client's performance of a contractual obligation"),
    /** Abnormally excessive increase of consumption, suspended to protect the client (R5). */
    ABNORMAL_CONSUMPTION("CGV 12.1", "abnormally excessive increase of consumption, to protect the client"),
    /** More than 30 SIP transactions per second (R5). */
    SIP_TRANSACTION_RATE("CGV 12.1", "more than 30 SIP transactions per second"),
    /** Daily average call duration under 40 seconds (R5). */
    SHORT_CALLS("CGV 12.1", "daily average call duration under 40 s"),
    /** Daily answer-seizure ratio under 50 % (R5). */
    LOW_ASR("CGV 12.1", "daily ASR (answered / placed calls) under 50 %"),
    /** Force majeure as defined by CGV article 14. */
    FORCE_MAJEURE("CGV 12.1", "force majeure (as defined in CGV 14)"),
    /** None of the above; the note must say why. */
    OTHER("CGV 12.1", "other reason, given in the note");

    private final String article;
    private final String description;

    SuspensionReason(String article, String description) {
        this.article = article;
        this.description = description;
    }

    /** The machine-readable code (the enum name), as stored and as the admin API spells it. */
    public String code() { return name(); }

    /** The contract article that allows it, e.g. {@code CGV 8.2}. */
    public String article() { return article; }

    /** A short English description. */
    public String description() { return description; }

    /** Whether a suspension for this reason must carry a non-blank note. */
    public boolean requiresNote() { return this == OTHER; }

    /**
     * The reason of {@code code} (case-insensitive, trimmed).
     *
     * @throws IllegalArgumentException naming the field {@code reason} and the known codes
     */
    public static SuspensionReason fromCode(String code) {
        if (code != null) {
            String c = code.trim();
            for (SuspensionReason r : values()) {
                if (r.name().equalsIgnoreCase(c)) return r;
            }
        }
        StringBuilder known = new StringBuilder();
        for (SuspensionReason r : values()) {
            if (known.length() > 0) known.append(", ");
            known.append(r.name());
        }
        throw new IllegalArgumentException("reason: unknown code '" + code + "' (known: " + known + ")");
    }
}
