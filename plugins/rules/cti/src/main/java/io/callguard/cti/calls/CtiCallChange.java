package io.callguard.cti.calls;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of a click-to-call's history.
 *
 * @param detail e.g. the AMI error message, the OriginateResponse reason, the hangup cause; may be null
 * @param reason callguard's reason when callguard refused the call ({@code TRUNK_FULL}, {@code CPS_EXCEEDED},
 *               {@code LINE_SUSPENDED}…), null otherwise
 */
public record CtiCallChange(CtiCallStatus status, Instant at, String detail, String reason) {
    public CtiCallChange {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }

    public CtiCallChange(CtiCallStatus status, Instant at, String detail) { this(status, at, detail, null); }
}
