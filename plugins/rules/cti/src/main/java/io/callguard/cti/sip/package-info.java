/**
 * SMS to the operator's gateway as SIP MESSAGE (RFC 3428) with jain-sip-ri: one stack, client transactions
 * (retransmission and timeout by the stack), results handed to an executor so no stack thread ever blocks.
 */
package io.callguard.cti.sip;
