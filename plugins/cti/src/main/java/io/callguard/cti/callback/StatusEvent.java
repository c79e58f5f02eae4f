package io.callguard.cti.callback;

import java.time.Instant;
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
        StringBuilder b = new StringBuilder(96).append("{\"id\":");
        quote(b, id).append(",\"status\":");
        quote(b, status).append(",\"at\":");
        quote(b, at.toString());
        if (code != null) b.append(",\"code\":").append(code.intValue());
        return b.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"');
    }
}
