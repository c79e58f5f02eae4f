package io.callguard.core.directory;

import java.util.Objects;

/**
 * A client account of the operator.
 *
 * @param id             the operator's own identifier; also the {@code accountcode} of the client's PJSIP endpoints
 * @param name           display name
 * @param maxCallSeconds the longest call allowed (R1, CP Téléphonie §1: 120 minutes = 7200 s by default)
 * @param callsPerSecond new calls allowed per second, or null for the {@code calls-per-second} policy's default
 */
public record Account(String id, String name, long maxCallSeconds, Integer callsPerSecond) {
    public static final long DEFAULT_MAX_CALL_SECONDS = 7200;

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (maxCallSeconds <= 0) throw new IllegalArgumentException("maxCallSeconds must be positive: " + maxCallSeconds);
        if (callsPerSecond != null && callsPerSecond < 0) {
            throw new IllegalArgumentException("callsPerSecond must not be negative: " + callsPerSecond);
        }
    }

    /** An account that takes the calls-per-second default. */
    public Account(String id, String name, long maxCallSeconds) {
        this(id, name, maxCallSeconds, null);
    }
}
