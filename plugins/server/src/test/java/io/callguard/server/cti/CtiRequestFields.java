package io.callguard.server.cti;

import java.util.Set;

/** The fields of the CTI API's bodies as its routes define them, for tests outside this package. */
public final class CtiRequestFields {
    public static final Set<String> SMS = SmsRoutes.FIELDS;
    public static final Set<String> SMS_FREE_TEXT = SmsRoutes.FREE_TEXT;
    public static final Set<String> CALL = CallRoutes.FIELDS;

    private CtiRequestFields() { }
}
