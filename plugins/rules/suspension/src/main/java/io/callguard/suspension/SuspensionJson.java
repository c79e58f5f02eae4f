package io.callguard.suspension;

import io.callguard.core.json.CompactJson;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The representation of a suspension in the audit trail (and a model for the admin API): every field, plus its
 * article and its status at a given instant. Instants are ISO-8601 strings.
 */
public final class SuspensionJson {
    private SuspensionJson() { }

    /** Field → value, in a stable order; {@code status} is the status at {@code at}. */
    public static Map<String, Object> toMap(Suspension s, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("accountId", s.accountId());
        m.put("trunkId", s.trunkId());
        m.put("reason", s.reason().code());
        m.put("article", s.reason().article());
        m.put("note", s.note());
        m.put("createdBy", s.createdBy());
        m.put("createdAt", str(s.createdAt()));
        m.put("startsAt", str(s.startsAt()));
        m.put("hangUpLiveCalls", s.hangUpLiveCalls());
        m.put("status", s.status(at).name());
        m.put("endedAt", str(s.endedAt()));
        m.put("endedBy", s.endedBy());
        m.put("endedHow", s.endedHow() == null ? null : s.endedHow().name());
        return m;
    }

    public static String toJson(Suspension s, Instant at) { return CompactJson.write(toMap(s, at)); }

    private static String str(Instant i) { return i == null ? null : i.toString(); }
}
