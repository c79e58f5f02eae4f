/**
 * The traffic rule module (R5 from the call records and from sip-rates' SIP transaction rate, R14): per-account daily
 * measures, the LOW_ASR, SHORT_CALLS, ABNORMAL_CONSUMPTION and SIP_TRANSACTION_RATE rules with their alert or
 * suspension, the telemarketing report.
 */
package io.callguard.traffic;
