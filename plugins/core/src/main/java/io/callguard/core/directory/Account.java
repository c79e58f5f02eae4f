package io.callguard.core.directory;

import java.util.Objects;

/**
 * A client account of the operator.
 *
 * @param id             the operator's own identifier; also the {@code accountcode} of the client's PJSIP endpoints
 * @param name           display name
 * @param maxCallSeconds the longest call allowed (R1, CP Téléphonie §1: 120 minutes = 7200 s by default)
 */
public record Account(String id, String name, long maxCallSeconds) {
    public static final long DEFAULT_MAX_CALL_SECONDS = 7200;

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (maxCallSeconds <= 0) throw new IllegalArgumentException("maxCallSeconds must be positive: " + maxCallSeconds);
    }
}
