package io.callguard.cti.routes;

import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.cti.calls.CtiCall;
import io.callguard.cti.calls.CtiCallChange;
import io.callguard.cti.keys.ApiKey;
import io.callguard.cti.sms.SmsMessage;
import io.callguard.cti.sms.SmsStatusChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The CTI API's JSON, as maps in answer order: request bodies read strictly, SMS, calls and keys as answered. */
final class CtiJson {
    private CtiJson() { }

    /**
     * Checks that every field of {@code body} is in {@code allowed} and is a string (or null); the first field that is
     * not is answered as the 400 naming it.
     */
    static Map<String, Object> strings(Map<String, Object> body, Set<String> allowed) {
        for (Map.Entry<String, Object> e : body.entrySet()) {
            if (!allowed.contains(e.getKey())) throw InvalidFields.of(e.getKey(), "unknown field");
            if (e.getValue() != null && !(e.getValue() instanceof String)) {
                throw InvalidFields.of(e.getKey(), "must be a string");
            }
        }
        return body;
    }

    static String string(Map<String, Object> body, String field) { return (String) body.get(field); }

    /** As accepted (202) or replayed for the same Idempotency-Key. */
    static Map<String, Object> accepted(SmsMessage s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id());
        out.put("status", s.status().wireName());
        out.put("segments", s.segments());
        out.put("encoding", s.encoding().name());
        out.put("emergency", s.emergency());
        out.put("acceptedAt", s.acceptedAt().toString());
        return out;
    }

    static Map<String, Object> sms(SmsMessage s) {
        List<Object> history = new ArrayList<>();
        for (SmsStatusChange c : s.history()) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("status", c.status().wireName());
            h.put("at", c.at().toString());
            if (c.code() != null) h.put("code", c.code());
            if (c.detail() != null) h.put("detail", c.detail());
            history.add(h);
        }
        Map<String, Object> out = accepted(s);
        out.put("from", s.from());
        out.put("to", s.to());
        out.put("attempts", s.attempts());
        out.put("history", history);
        return out;
    }

    static Map<String, Object> call(CtiCall c) {
        List<Object> history = new ArrayList<>();
        for (CtiCallChange h : c.history()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("status", h.status().wireName());
            o.put("at", h.at().toString());
            if (h.detail() != null) o.put("detail", h.detail());
            if (h.reason() != null) o.put("reason", h.reason());
            history.add(o);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("status", c.status().wireName());
        out.put("line", c.line());
        out.put("to", c.to());
        out.put("requestedAt", c.requestedAt().toString());
        if (c.reason() != null) out.put("reason", c.reason());
        out.put("history", history);
        return out;
    }

    /** A key as listed: never its secret nor its hash. */
    static Map<String, Object> key(ApiKey k) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", k.id());
        out.put("accountId", k.accountId());
        out.put("label", k.label());
        out.put("createdAt", iso(k.createdAt()));
        out.put("revokedAt", iso(k.revokedAt()));
        out.put("lastUsedAt", iso(k.lastUsedAt()));
        return out;
    }

    private static String iso(Instant t) { return t == null ? null : t.toString(); }
}
