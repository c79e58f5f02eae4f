package io.callguard.cti.calls;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of a click-to-call's history.
 *
 * @param detail e.g. the AMI error message, the OriginateResponse reason, the hangup cause; may be null
 */
public record CtiCallChange(CtiCallStatus status, Instant at, String detail) {
    public CtiCallChange {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }
}
