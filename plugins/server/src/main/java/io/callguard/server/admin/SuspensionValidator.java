package io.callguard.server.admin;

import io.callguard.server.http.FieldError;
import io.callguard.server.http.Problem;
import io.callguard.suspension.SuspendCommand;
import io.callguard.suspension.Suspension;
import io.callguard.suspension.SuspensionReason;
import io.callguard.suspension.SuspensionStatus;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a suspension body {@code {"reason","note","startsAt","trunkId","hangUpLiveCalls"}} and the {@code status}
 * filter of the list. Whether the account and the trunk exist (and the trunk is the account's), and whether the
 * start is too far in the past, is the service's check.
 */
final class SuspensionValidator {
    static final Set<String> FIELDS = Set.of("reason", "note", "startsAt", "trunkId", "hangUpLiveCalls");
    /** The note may span lines (tab, line feed, carriage return); no other field may. */
    static final Set<String> FREE_TEXT = Set.of("note");
    static final String KNOWN_STATUSES = Arrays.stream(SuspensionStatus.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private SuspensionValidator() { }

    static SuspendCommand forCreate(String accountId, String actor, JsonObject body) {
        FieldReader f = new FieldReader(body, FIELDS);
        SuspensionReason reason = null;
        String code = f.string("reason", true);
        if (code != null) {
            try {
                reason = SuspensionReason.fromCode(code);
            } catch (IllegalArgumentException e) {
                f.error("reason", withoutField("reason", e.getMessage()));
            }
        }
        String note = f.string("note", false);
        if (note != null && note.length() > Suspension.MAX_NOTE_LENGTH) {
            f.error("note", "at most " + Suspension.MAX_NOTE_LENGTH + " characters, got " + note.length());
        } else if (reason != null && reason.requiresNote() && (note == null || note.isBlank())) {
            f.error("note", "is required when the reason is " + reason.code() + " (say why)");
        }
        Instant startsAt = Instants.read(f, "startsAt");
        String trunkId = f.has("trunkId") ? Ids.read(f, "trunkId", false) : null;
        Boolean hangUp = f.bool("hangUpLiveCalls", false);
        f.throwIfInvalid();
        return new SuspendCommand(accountId, trunkId, reason, note, startsAt, Boolean.TRUE.equals(hangUp), actor);
    }

    /**
     * The statuses of {@code ?status=ACTIVE,SCHEDULED} (case-insensitive, comma-separated); all of them when absent.
     *
     * @throws ProblemException 400 naming {@code status} and the known values
     */
    static Set<SuspensionStatus> statuses(List<String> params) {
        if (params == null || params.isEmpty()) return EnumSet.allOf(SuspensionStatus.class);
        Set<SuspensionStatus> out = EnumSet.noneOf(SuspensionStatus.class);
        for (String param : params) {
            for (String name : param.split(",", -1)) {
                try {
                    out.add(SuspensionStatus.valueOf(name.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw Problem.validation(List.of(new FieldError("status", "unknown status '" + name
                            + "' (known: " + KNOWN_STATUSES + ")"))).exception();
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
}
