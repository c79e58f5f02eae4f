package io.callguard.server.admin;

/** Account and trunk ids: the operator's own strings, also Asterisk accountcodes and endpoint names. */
final class Ids {
    static final int MAX_LENGTH = 64;
    static final String RULE = "must be 1 to 64 characters of A-Z a-z 0-9 . _ -";

    private Ids() { }

    static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) return false;
        }
        return true;
    }

    /** Reads an id field and checks its form; null when absent or invalid (the error is recorded). */
    static String read(FieldReader fields, String field, boolean required) {
        String id = fields.string(field, required);
        if (id != null && !valid(id)) {
            fields.error(field, RULE);
            return null;
        }
        return id;
    }
}
