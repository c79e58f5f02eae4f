package io.callguard.server.cti;

import io.callguard.server.CallguardApp;
import io.callguard.server.http.MountedRoutes;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/** The fields of the CTI API's bodies as its routes define them, for tests outside this package. */
public final class CtiRequestFields {
    public static final Set<String> SMS = SmsRoutes.FIELDS;
    public static final Set<String> SMS_FREE_TEXT = SmsRoutes.FREE_TEXT;
    public static final Set<String> CALL = CallRoutes.FIELDS;

    private CtiRequestFields() { }

    /**
     * Every route of the CTI router that takes a body ({@code "POST /cti/v1/sms"}), as {@link CtiServer} mounts them
     * (no part is called while mounting: none is needed).
     */
    public static List<String> bodyRoutes(CallguardApp app) {
        CtiServer server = new CtiServer(app.vertx(), app.config().cti(), null, null, null, null, null,
                Clock.systemUTC(), null);
        return MountedRoutes.takingABody(server.router());
    }
}
