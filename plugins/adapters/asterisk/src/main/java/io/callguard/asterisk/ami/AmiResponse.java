package io.callguard.asterisk.ami;

import java.util.Map;
import java.util.Objects;

/**
 * Asterisk's answer to one action, as it came: {@code Response: Success|Error|Goodbye|...}, its {@code Message}
 * and every other line (e.g. {@code Challenge}, {@code Ping}). An error answer ({@code Response: Error}, e.g.
 * {@code No such channel}) is a response too, not a failure: the caller judges.
 *
 * @param response the {@code Response} line (Success, Error, Goodbye, ...)
 * @param actionId the ActionID the caller set, without the client's own correlation prefix; null when none
 * @param message  the {@code Message} line, null when absent
 * @param fields   every line of the frame by its key as Asterisk spelt it (responses are rare: a map is fine)
 */
public record AmiResponse(String response, String actionId, String message, Map<String, String> fields) {
    public AmiResponse {
        Objects.requireNonNull(response, "response");
        fields = Map.copyOf(fields);
    }

    /** True for {@code Response: Error}. */
    public boolean isError() { return "Error".equalsIgnoreCase(response); }

    /** The value of line {@code key} (case-insensitive, as AMI keys are), or null. */
    public String get(String key) {
        String v = fields.get(key);
        if (v != null) return v;
        for (Map.Entry<String, String> e : fields.entrySet()) if (e.getKey().equalsIgnoreCase(key)) return e.getValue();
        return null;
    }
}
