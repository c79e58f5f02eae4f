package io.callguard.core.numbering;

/**
 * Service-charge tier of a SPECIAL_SURCHARGED number (ARCEP decision 2012-0856, "C+S" since 1 October 2015),
 * with the legal ceilings in euro cents.
 */
public enum SurchargeTier {
    T081("081", 6, 15),
    T082("082", 20, 50),
    T089("089", 80, 300);

    private final String prefix;
    private final int maxCentsPerMinute;
    private final int maxCentsPerCall;

    SurchargeTier(String prefix, int maxCentsPerMinute, int maxCentsPerCall) {
        this.prefix = prefix;
        this.maxCentsPerMinute = maxCentsPerMinute;
        this.maxCentsPerCall = maxCentsPerCall;
    }

    /** National prefix of the tier, e.g. "089". */
    public String prefix() { return prefix; }

    public int maxCentsPerMinute() { return maxCentsPerMinute; }

    public int maxCentsPerCall() { return maxCentsPerCall; }
}
