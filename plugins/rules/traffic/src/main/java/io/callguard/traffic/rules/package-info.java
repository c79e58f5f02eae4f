/** The traffic rules of each account (R5): LOW_ASR, SHORT_CALLS, ABNORMAL_CONSUMPTION, their defaults and store. */
package io.callguard.traffic.rules;
