package io.callguard.core.directory;

/** Account and trunk ids: the operator's own strings, also Asterisk accountcodes and endpoint names. */
public final class Ids {
    public static final int MAX_LENGTH = 64;
    public static final String RULE = "must be 1 to 64 characters of A-Z a-z 0-9 . _ -";

    private Ids() { }

    /** Whether {@code id} is 1 to 64 characters of A-Z a-z 0-9 . _ - (null is not). */
    public static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) return false;
        }
        return true;
    }
}
