package io.callguard.http.admin;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.calls.LiveCall;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Collection;
import java.util.function.Function;

/**
 * The API's JSON shapes of live calls and audit entries (accounts, trunks and numbers: the directory module's
 * {@code DirectoryJson}; suspensions: the suspension module's {@code SuspensionJson}).
 */
final class ApiJson {
    private ApiJson() { }

    static JsonObject call(LiveCall c) {
        return new JsonObject()
                .put("uniqueId", c.uniqueId())
                .put("linkedId", c.linkedId())
                .put("channel", c.channel())
                .put("endpoint", c.endpoint())
                .put("accountId", c.accountId())
                .put("direction", c.direction() == null ? null : c.direction().name())
                .put("caller", c.caller())
                .put("callee", c.callee())
                .put("state", c.state())
                .put("startedAt", iso(c.startedAt()))
                .put("answeredAt", iso(c.answeredAt()));
    }

    /** An audit entry; {@code before} and {@code after} are the JSON objects themselves, not strings. */
    static JsonObject auditEntry(AuditEntry e) {
        return new JsonObject().put("id", e.id()).put("at", iso(e.at())).put("actor", e.actor())
                .put("action", e.action()).put("target", e.target())
                .put("before", embedded(e.before())).put("after", embedded(e.after()));
    }

    /** A stored JSON text as a value of the answer (the text itself should it not be JSON). */
    private static Object embedded(String json) {
        if (json == null) return null;
        try {
            return Json.decodeValue(json);
        } catch (DecodeException e) {
            return json;
        }
    }

    static <T> JsonArray array(Collection<T> items, Function<T, JsonObject> mapper) {
        JsonArray out = new JsonArray();
        items.forEach(i -> out.add(mapper.apply(i)));
        return out;
    }

    private static String iso(Instant t) { return t == null ? null : t.toString(); }
}
