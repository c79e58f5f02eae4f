package io.callguard.core.sip;

import java.time.Instant;

/**
 * Told when an account starts more SIP transactions in one second than the contract allows (R5, CGV 12.1: "more than
 * 30 SIP transactions per second"). Offered by the traffic module, which applies the account's
 * {@code SIP_TRANSACTION_RATE} rule (off, alert or suspend); called by the sip-rates module, once per crossing, on the
 * SIP capture's event thread: it must not block (queue the work, the suspension goes through the store).
 */
@FunctionalInterface
public interface SipTransactionRateListener {
    /**
     * @param accountId      the account the source address identifies
     * @param sourceAddress  the IP address the transactions came from
     * @param limitPerSecond the limit crossed (sip-rates' {@code sipRates.transactionsPerSecond})
     * @param at             when the crossing was seen, on callguard's clock
     */
    void overTransactionRate(String accountId, String sourceAddress, int limitPerSecond, Instant at);
}
