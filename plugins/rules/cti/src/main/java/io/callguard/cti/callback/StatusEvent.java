package io.callguard.cti.callback;

import io.callguard.core.json.CompactJson;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The body of a status callback: {@code {"id":…,"status":…,"at":…,"code":…}} ({@code code} only when known).
 * A receiver should order events by {@code at}: a retried earlier event may arrive after a later one.
 */
public record StatusEvent(String id, String status, Instant at, Integer code) {
    public StatusEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }

    public String toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("status", status);
        body.put("at", at);
        if (code != null) body.put("code", code);
        return CompactJson.write(body);
    }
}
