package io.callguard.directory;

import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.module.BodyFields;
import io.callguard.core.module.RouteResponse.InvalidFields;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Checks a trunk body: {@code {"id","kind","channels"}}; channels defaults to the kind's, except for OTHER. */
public final class TrunkValidator {
    static final int MAX_CHANNELS = 1000;
    /** The fields of a trunk body (the admin API's bad-input tests cover each). */
    public static final Set<String> FIELDS = Set.of("id", "kind", "channels");

    private TrunkValidator() { }

    /** @throws InvalidFields listing every bad field */
    static Trunk forCreate(String accountId, Map<String, Object> body) { return read(accountId, body, null); }

    /** The id may be omitted from the body; if given it must be the path's. */
    static Trunk forReplace(String accountId, String pathId, Map<String, Object> body) {
        return read(accountId, body, pathId);
    }

    private static Trunk read(String accountId, Map<String, Object> body, String pathId) {
        BodyFields f = new BodyFields(body, FIELDS);
        String id = f.id("id", pathId == null);
        if (pathId != null) {
            if (id != null && !id.equals(pathId)) f.error("id", "must match the trunk id in the path ('" + pathId + "')");
            id = pathId;
        }
        TrunkKind kind = null;
        String kindText = f.string("kind", true);
        if (kindText != null) {
            try {
                kind = TrunkKind.valueOf(kindText.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                f.error("kind", "must be T0_IP, T2_IP or OTHER");
            }
        }
        Long channels = f.integer("channels", kind == TrunkKind.OTHER, 0, MAX_CHANNELS);
        f.throwIfInvalid();
        return new Trunk(id, accountId, kind, channels != null ? channels.intValue() : kind.defaultChannels());
    }
}
