/**
 * The traffic rule module (R5 from the call records, R14): per-account daily measures, the LOW_ASR, SHORT_CALLS and
 * ABNORMAL_CONSUMPTION rules with their alert or suspension, the telemarketing report.
 */
package io.callguard.traffic;
