package io.callguard.suspension;

import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.core.module.BodyFields;
import io.callguard.core.time.RequestInstants;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a suspension body {@code {"reason","note","startsAt","trunkId","hangUpLiveCalls"}} and the {@code status}
 * filter of the list, with the admin API's messages. Whether the account and the trunk exist (and the trunk is the
 * account's), and whether the start is too far in the past, is the service's check.
 */
public final class SuspensionRequests {
    /** The fields of a suspension body (the admin API's bad-input tests cover each). */
    public static final Set<String> FIELDS = Set.of("reason", "note", "startsAt", "trunkId", "hangUpLiveCalls");
    /** The note may span lines (tab, line feed, carriage return); no other field may. */
    public static final Set<String> FREE_TEXT = Set.of("note");
    static final String KNOWN_STATUSES = Arrays.stream(SuspensionStatus.values()).map(Enum::name)
            .collect(Collectors.joining(", "));
    static final String INSTANT_RULE = RequestInstants.RULE;

    private SuspensionRequests() { }

    /** @throws InvalidFields listing every bad field (unknown fields too: typos) */
    static SuspendCommand forCreate(String accountId, String actor, Map<String, Object> body) {
        BodyFields fields = new BodyFields(body, FIELDS);
        SuspensionReason reason = null;
        String code = fields.string("reason", true);
        if (code != null) {
            try {
                reason = SuspensionReason.fromCode(code);
            } catch (IllegalArgumentException e) {
                fields.error("reason", withoutField("reason", e.getMessage()));
            }
        }
        String note = fields.string("note", false);
        if (note != null && note.length() > Suspension.MAX_NOTE_LENGTH) {
            fields.error("note", "at most " + Suspension.MAX_NOTE_LENGTH + " characters, got " + note.length());
        } else if (reason != null && reason.requiresNote() && (note == null || note.isBlank())) {
            fields.error("note", "is required when the reason is " + reason.code() + " (say why)");
        }
        Instant startsAt = fields.instant("startsAt");
        String trunkId = fields.id("trunkId", false);
        Boolean hangUp = fields.bool("hangUpLiveCalls", false);
        fields.throwIfInvalid();
        return new SuspendCommand(accountId, trunkId, reason, note, startsAt, Boolean.TRUE.equals(hangUp), actor);
    }

    /**
     * The statuses of {@code ?status=ACTIVE,SCHEDULED} (case-insensitive, comma-separated); all of them when absent.
     *
     * @throws InvalidFields naming {@code status} and the known values
     */
    public static Set<SuspensionStatus> statuses(List<String> params) {
        if (params == null || params.isEmpty()) return EnumSet.allOf(SuspensionStatus.class);
        Set<SuspensionStatus> out = EnumSet.noneOf(SuspensionStatus.class);
        for (String param : params) {
            for (String name : param.split(",", -1)) {
                try {
                    out.add(SuspensionStatus.valueOf(name.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw InvalidFields.of("status", "unknown status '" + name + "' (known: " + KNOWN_STATUSES + ")");
                }
            }
        }
        return out;
    }

    /** {@code "reason: unknown code"} → {@code "unknown code"}: the field goes in its own member. */
    static String withoutField(String field, String message) {
        String prefix = field + ": ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    static Optional<Instant> parseInstant(String text) { return RequestInstants.parse(text); }
}
