package io.callguard.server.cti;

import io.callguard.cti.calls.CtiCall;
import io.callguard.cti.calls.CtiCallChange;
import io.callguard.cti.sms.SmsMessage;
import io.callguard.cti.sms.SmsStatusChange;
import io.callguard.server.http.JsonBodies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/** The CTI API's JSON: request bodies read strictly, SMS and calls as answered. Status names are lower case. */
final class CtiJson {
    private CtiJson() { }

    /** The body as one JSON object whose fields are all in {@code allowed} and all single-line strings (or null). */
    static JsonObject object(RoutingContext ctx, Set<String> allowed) {
        return object(ctx, allowed, Set.of());
    }

    /**
     * The body as one JSON object whose fields are all in {@code allowed} and all strings (or null), free of control
     * characters except tab and line breaks in {@code freeTextFields}.
     */
    static JsonObject object(RoutingContext ctx, Set<String> allowed, Set<String> freeTextFields) {
        JsonObject o = JsonBodies.object(ctx, freeTextFields);
        for (String name : o.fieldNames()) {
            if (!allowed.contains(name)) throw CtiResponses.invalid(name, "unknown field").exception();
            Object v = o.getValue(name);
            if (v != null && !(v instanceof String)) throw CtiResponses.invalid(name, "must be a string").exception();
        }
        return o;
    }

    /** As accepted (202) or replayed for the same Idempotency-Key. */
    static JsonObject accepted(SmsMessage s) {
        return new JsonObject().put("id", s.id()).put("status", s.status().wireName()).put("segments", s.segments())
                .put("encoding", s.encoding().name()).put("emergency", s.emergency())
                .put("acceptedAt", s.acceptedAt().toString());
    }

    static JsonObject sms(SmsMessage s) {
        JsonArray history = new JsonArray();
        for (SmsStatusChange c : s.history()) {
            JsonObject h = new JsonObject().put("status", c.status().wireName()).put("at", c.at().toString());
            if (c.code() != null) h.put("code", c.code());
            if (c.detail() != null) h.put("detail", c.detail());
            history.add(h);
        }
        return accepted(s).put("from", s.from()).put("to", s.to()).put("attempts", s.attempts())
                .put("history", history);
    }

    static JsonObject call(CtiCall c) {
        JsonArray history = new JsonArray();
        for (CtiCallChange h : c.history()) {
            JsonObject o = new JsonObject().put("status", h.status().wireName()).put("at", h.at().toString());
            if (h.detail() != null) o.put("detail", h.detail());
            if (h.reason() != null) o.put("reason", h.reason());
            history.add(o);
        }
        JsonObject out = new JsonObject().put("id", c.id()).put("status", c.status().wireName()).put("line", c.line())
                .put("to", c.to()).put("requestedAt", c.requestedAt().toString());
        if (c.reason() != null) out.put("reason", c.reason());
        return out.put("history", history);
    }
}
