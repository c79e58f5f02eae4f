package io.callguard.core.numbering;

/** What a dialled French number is, as far as the contract cares. */
public enum NumberCategory {
    /** On the configured emergency list (15, 17, 18, 112…): always routed. */
    EMERGENCY,
    /** 01–05. */
    GEOGRAPHIC,
    /** 06, 07. */
    MOBILE,
    /** 09. */
    NON_GEOGRAPHIC,
    /** 0800–0805: free to the caller. */
    SPECIAL_FREE,
    /** 0806–0809: price of a normal call. */
    SPECIAL_NORMAL,
    /** 081, 082, 089: a service charge on top; see {@link SurchargeTier}. */
    SPECIAL_SURCHARGED,
    /** 00… or +… outside +33. */
    INTERNATIONAL,
    /** Well-formed digits that fit no class above (short numbers not on the emergency list, 10-digit 08 gaps…). */
    OTHER,
    /** Empty, letters, '*', '#', wrong length: never routed as a number. */
    INVALID;

    /**
     * Whether an operator can give a client a number of this category (a DID of the directory): French geographic,
     * mobile, 09 and 08 numbers; never an emergency, short, international or malformed one.
     */
    public boolean assignable() {
        return switch (this) {
            case GEOGRAPHIC, MOBILE, NON_GEOGRAPHIC, SPECIAL_FREE, SPECIAL_NORMAL, SPECIAL_SURCHARGED -> true;
            case EMERGENCY, INTERNATIONAL, OTHER, INVALID -> false;
        };
    }
}
