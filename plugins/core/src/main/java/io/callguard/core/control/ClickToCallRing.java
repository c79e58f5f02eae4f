package io.callguard.core.control;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a click-to-call's client line rings at most ({@code cti.calls.ringTimeout}), handed by the app to the rule
 * modules that admit click-to-calls ({@link CallAdmission}): what they count ahead of the Originate must outlive the
 * ring. Absent when the app runs no CTI API.
 */
public record ClickToCallRing(Duration timeout) {
    public ClickToCallRing {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
}
