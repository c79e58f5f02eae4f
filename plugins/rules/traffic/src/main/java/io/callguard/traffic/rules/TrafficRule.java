package io.callguard.traffic.rules;

import io.callguard.suspension.SuspensionReason;

/**
 * The traffic rules of CGV 12.1, each with the suspension reason it uses: three measured from the call records, one
 * ({@link #SIP_TRANSACTION_RATE}) told by the sip-rates module.
 */
public enum TrafficRule {
    /** Daily ASR (answered / placed) under the threshold. */
    LOW_ASR(SuspensionReason.LOW_ASR),
    /** Daily average call duration (ACD) under the threshold, in seconds. */
    SHORT_CALLS(SuspensionReason.SHORT_CALLS),
    /** Today's billable seconds over factor × the trailing 28-day same-weekday baseline. */
    ABNORMAL_CONSUMPTION(SuspensionReason.ABNORMAL_CONSUMPTION),
    /**
     * More SIP transactions in one second than sip-rates' {@code sipRates.transactionsPerSecond} (default 30, the
     * contract's figure): only its action is the account's; the limit and the counting are the sip-rates module's.
     */
    SIP_TRANSACTION_RATE(SuspensionReason.SIP_TRANSACTION_RATE);

    private final SuspensionReason reason;

    TrafficRule(SuspensionReason reason) { this.reason = reason; }

    public SuspensionReason reason() { return reason; }

    /** Whether the rule is checked against the day's figures after each call record (not told by another module). */
    public boolean fromCallRecords() { return this != SIP_TRANSACTION_RATE; }
}
