package io.callguard.server.cti;

import io.callguard.cti.CtiAccess;
import io.callguard.cti.routes.CallRoutes;
import io.callguard.cti.routes.SmsRoutes;
import io.callguard.http.cti.CtiServer;
import io.callguard.server.CallguardApp;
import io.callguard.server.http.MountedRoutes;

import java.util.List;
import java.util.Set;

/** The fields of the CTI API's bodies as its routes define them, for tests outside this package. */
public final class CtiRequestFields {
    public static final Set<String> SMS = SmsRoutes.FIELDS;
    public static final Set<String> SMS_FREE_TEXT = SmsRoutes.FREE_TEXT;
    public static final Set<String> CALL = CallRoutes.FIELDS;

    private CtiRequestFields() { }

    /**
     * Every route of the CTI router that takes a body ({@code "POST /cti/v1/sms"}), as {@link CtiServer} mounts the
     * started cti module's routes (nothing is served).
     */
    public static List<String> bodyRoutes(CallguardApp app) {
        CtiServer server = new CtiServer(app.vertx(), app.config().cti(), app.moduleService(CtiAccess.class), null,
                app.cti().ctiRoutes(), null);
        return MountedRoutes.takingABody(server.router());
    }
}
