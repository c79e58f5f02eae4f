/**
 * The traffic rules of each account (R5): LOW_ASR, SHORT_CALLS, ABNORMAL_CONSUMPTION (from the call records),
 * SIP_TRANSACTION_RATE (told by the sip-rates module), their defaults and store.
 */
package io.callguard.traffic.rules;
