package io.callguard.server.admin;

import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Set;

/** Checks a trunk body: {@code {"id","kind","channels"}}; channels defaults to the kind's, except for OTHER. */
final class TrunkValidator {
    static final int MAX_CHANNELS = 1000;
    static final Set<String> FIELDS = Set.of("id", "kind", "channels");

    private TrunkValidator() { }

    static Trunk forCreate(String accountId, JsonObject body) { return read(accountId, body, null); }

    static Trunk forReplace(String accountId, String pathId, JsonObject body) { return read(accountId, body, pathId); }

    private static Trunk read(String accountId, JsonObject body, String pathId) {
        FieldReader f = new FieldReader(body, FIELDS);
        String id = Ids.read(f, "id", pathId == null);
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
