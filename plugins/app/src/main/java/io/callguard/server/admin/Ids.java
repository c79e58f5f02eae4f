package io.callguard.server.admin;

/** Account and trunk ids: the operator's own strings, also Asterisk accountcodes and endpoint names. */
final class Ids {
    static final int MAX_LENGTH = io.callguard.core.directory.Ids.MAX_LENGTH;
    static final String RULE = io.callguard.core.directory.Ids.RULE;

    private Ids() { }

    static boolean valid(String id) { return io.callguard.core.directory.Ids.valid(id); }

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
