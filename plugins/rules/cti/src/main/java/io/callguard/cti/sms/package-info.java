/**
 * CTI SMS (R8, CP Téléphonie §1.5): text analysis (GSM-7 / UCS-2 segments), the exact per-account limits (1/s and
 * 10/min), acceptance (emergency 114 first, suspension, idempotency, stored before the reply) and the dispatcher
 * that delivers every accepted SMS to the gateway at least once.
 */
package io.callguard.cti.sms;
