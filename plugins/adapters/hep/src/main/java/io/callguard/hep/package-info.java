/**
 * The HEP v3 collector: Asterisk's {@code res_hep} (fed by {@code res_hep_pjsip}) mirrors every SIP message it sends
 * and receives as a HEP3 datagram; {@link io.callguard.hep.HepCollector} receives them on a Vert.x DatagramSocket,
 * {@link io.callguard.hep.HepDecoder} reads the chunks, {@link io.callguard.hep.LeanSipParser} the few SIP fields the
 * rate rules need, and core's {@link io.callguard.core.sip.SipMessageListener}s are told. A malformed datagram is
 * counted and dropped; it never stops the listener.
 */
package io.callguard.hep;
