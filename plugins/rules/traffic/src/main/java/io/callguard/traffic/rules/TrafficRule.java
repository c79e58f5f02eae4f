package io.callguard.traffic.rules;

import io.callguard.suspension.SuspensionReason;

/** The traffic rules of CGV 12.1 measured from the call records, each with the suspension reason it uses. */
public enum TrafficRule {
    /** Daily ASR (answered / placed) under the threshold. */
    LOW_ASR(SuspensionReason.LOW_ASR),
    /** Daily average call duration (ACD) under the threshold, in seconds. */
    SHORT_CALLS(SuspensionReason.SHORT_CALLS),
    /** Today's billable seconds over factor × the trailing 28-day same-weekday baseline. */
    ABNORMAL_CONSUMPTION(SuspensionReason.ABNORMAL_CONSUMPTION);

    private final SuspensionReason reason;

    TrafficRule(SuspensionReason reason) { this.reason = reason; }

    public SuspensionReason reason() { return reason; }
}
